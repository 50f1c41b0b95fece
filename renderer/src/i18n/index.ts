// i18next for the desk: Chinese by default, English on request, resources compiled in. No
// fallback language: a key missing in the shown language is recorded (window.__missingI18nKeys)
// rather than quietly shown in the other one, so tests can catch it.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zh } from './zh';

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const LANGUAGE_STORAGE_KEY = 'ill-desk-language';
const HTML_LANG: Record<Language, string> = { zh: 'zh-CN', en: 'en' };

export const resources = {
  zh: { translation: zh },
  en: { translation: en },
} as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The `lang` attribute for text in a language, e.g. on the switch that names the other one. */
export function htmlLangOf(language: Language): string {
  return HTML_LANG[language];
}

export function currentLanguage(): Language {
  return isLanguage(i18next.resolvedLanguage) ? i18next.resolvedLanguage : 'zh';
}

function savedLanguage(): Language {
  try {
    const saved = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(saved) ? saved : 'zh';
  } catch {
    return 'zh';
  }
}

function recordMissingKey(languages: readonly string[], namespace: string, key: string): void {
  const missing = (window.__missingI18nKeys ??= []);
  for (const language of languages) {
    const entry = `${language}:${namespace}:${key}`;
    if (!missing.includes(entry)) {
      missing.push(entry);
      console.warn(`Missing translation ${entry}`);
    }
  }
}

export async function initI18n(): Promise<void> {
  window.__missingI18nKeys ??= [];
  i18next.on('languageChanged', (language) => {
    if (!isLanguage(language)) return;
    document.documentElement.lang = htmlLangOf(language);
    try {
      window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
    } catch {
      // The choice then lasts for this session only.
    }
  });
  await i18next.use(initReactI18next).init({
    resources,
    lng: savedLanguage(),
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    defaultNS: 'translation',
    interpolation: { escapeValue: false },
    returnNull: false,
    saveMissing: true,
    missingKeyHandler: recordMissingKey,
  });
}

export function setLanguage(language: Language): Promise<unknown> {
  return i18next.changeLanguage(language);
}
