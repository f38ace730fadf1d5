/**
 * How this project starts Chromium (Debian's package) for the browser tests and Lighthouse:
 * headless, without the sandbox (CI runs as root), the GPU or background networking; and without
 * parts of the browser's own UI that a headless browser never shows. Since Chromium 155 each new
 * headless window builds the omnibox's WebUI popup (its "AI mode" composebox: ~200 module requests
 * in a renderer of its own) while the page loads, on the same two cores: in a trace of `/sign-in`
 * the app's entry took 98–154 ms to evaluate next to it and 45–71 ms without (docs/performance.md).
 */
export const DISABLED_BROWSER_FEATURES = [
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
  'WebUIOmniboxFullPopup',
  'PreloadTopChromeWebUI',
];

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  `--disable-features=${DISABLED_BROWSER_FEATURES.join(',')}`,
];
