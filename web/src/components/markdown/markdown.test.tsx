import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown';
import MarkdownRenderer, { LINK_REL } from './markdown-renderer';
import { safeUrl } from './safe-url';

function renderMarkdown(text: string) {
  return render(<MarkdownRenderer text={text} />).container;
}

describe('safeUrl', () => {
  it('keeps web pages, mail addresses and paths on this site', () => {
    expect(safeUrl('https://example.org/a?b#c')).toBe('https://example.org/a?b#c');
    expect(safeUrl('http://example.org')).toBe('http://example.org');
    expect(safeUrl('mailto:reader@example.org')).toBe('mailto:reader@example.org');
    expect(safeUrl('/books/1')).toBe('/books/1');
    expect(safeUrl('#notes')).toBe('#notes');
  });

  it('drops script, data and other schemes however they are spelled', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0001javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'blob:https://example.org/x',
      '',
    ]) {
      expect(safeUrl(url), url).toBeUndefined();
    }
  });
});

describe('MarkdownRenderer', () => {
  it('renders the Markdown a reader writes', () => {
    const container = renderMarkdown('Some *emphasis*, **strong** and `code`.\n\n> A quote\n\n- one\n- two');
    expect(container.querySelector('em')?.textContent).toBe('emphasis');
    expect(container.querySelector('strong')?.textContent).toBe('strong');
    expect(container.querySelector('code')?.textContent).toBe('code');
    expect(container.querySelector('blockquote')?.textContent).toContain('A quote');
    expect(container.querySelectorAll('li')).toHaveLength(2);
  });

  it('shows raw HTML as text and never makes elements from it', () => {
    const container = renderMarkdown(
      [
        '<script>window.__pwned = 1</script>',
        '<img src=x onerror="window.__pwned = 1">',
        '<svg onload="window.__pwned = 1"><circle r="1"/></svg>',
        '<iframe src="https://example.org"></iframe>',
        '<a href="javascript:alert(1)">click</a>',
        '<div onclick="alert(1)">div</div>',
      ].join('\n\n'),
    );
    for (const tag of ['script', 'img', 'svg', 'iframe', 'div', 'a', 'style', 'object', 'embed']) {
      expect(container.querySelector(tag), tag).toBeNull();
    }
    expect(container.textContent).toContain('<script>window.__pwned = 1</script>');
    for (const element of container.querySelectorAll('*')) {
      for (const attribute of element.getAttributeNames()) expect(attribute).not.toMatch(/^on/i);
    }
  });

  it('drops javascript: and data: link targets and keeps the words', () => {
    const container = renderMarkdown(
      '[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) [z](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(1)>',
    );
    for (const link of container.querySelectorAll('a')) {
      expect(link.getAttribute('href') ?? '').not.toMatch(/^\s*(javascript|data):/i);
    }
    expect(container.querySelectorAll('a[href]')).toHaveLength(0);
    expect(container.textContent).toContain('x');
    expect(container.textContent).toContain('z');
  });

  it('drops a reference-style javascript: link too', () => {
    const container = renderMarkdown('[click][evil]\n\n[evil]: javascript:alert(1)');
    expect(container.querySelector('a[href]')).toBeNull();
  });

  it('gives every link rel="noopener noreferrer nofollow" and opens other sites in a new tab', () => {
    const container = renderMarkdown('[elsewhere](https://example.org/page) and [here](/books/1)');
    const [external, internal] = [...container.querySelectorAll('a')];
    expect(external?.getAttribute('rel')).toBe(LINK_REL);
    expect(external?.getAttribute('target')).toBe('_blank');
    expect(internal?.getAttribute('rel')).toBe(LINK_REL);
    expect(internal?.hasAttribute('target')).toBe(false);
  });

  it('never loads an image: a Markdown image becomes a link to it', () => {
    const container = renderMarkdown(
      '![a cat](https://tracker.example/pixel.png) ![bad](javascript:alert(1))',
    );
    expect(container.querySelector('img')).toBeNull();
    const link = container.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://tracker.example/pixel.png');
    expect(link?.getAttribute('rel')).toBe(LINK_REL);
    expect(link?.textContent).toBe('Image: a cat');
    expect(container.textContent).toContain('[Image: bad]');
  });

  it('shows headings as bold paragraphs, so they do not break the page outline', () => {
    const container = renderMarkdown('# Big\n\n###### small');
    expect(container.querySelector('h1, h2, h3, h4, h5, h6')).toBeNull();
    expect(container.querySelectorAll('p > strong')).toHaveLength(2);
  });
});

describe('Markdown', () => {
  it('shows the text at once and the rendered Markdown when the renderer has loaded', async () => {
    render(<Markdown text={'Hello **world** <b>raw</b>'} />);
    expect(await screen.findByText('world', { selector: 'strong' })).toBeTruthy();
    expect(screen.getByText(/<b>raw<\/b>/)).toBeTruthy();
  });
});
