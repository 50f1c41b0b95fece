// The app's version, from package.json at build time (bundled by electron-vite, read by tsx).
import pkg from '../package.json';

export const appVersion: string = pkg.version;
