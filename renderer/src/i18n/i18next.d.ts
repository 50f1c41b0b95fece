// Types t() keys against the Chinese messages, so a misspelt key is a compile error.
import 'i18next';
import type { Messages } from './zh';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
