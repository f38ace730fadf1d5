/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the API lives when the web app is hosted apart from it; '' means same origin. */
  readonly VITE_API_BASE_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
