// One button that switches to the other language; it names that language in that language.
import Button from '@mui/material/Button';
import { useTranslation } from 'react-i18next';
import { currentLanguage, htmlLangOf, setLanguage, type Language } from '../i18n';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const other: Language = currentLanguage() === 'zh' ? 'en' : 'zh';
  return (
    <Button
      color="inherit"
      variant="outlined"
      size="small"
      data-testid="lang-switch"
      aria-label={t('language.switchAria')}
      onClick={() => void setLanguage(other)}
    >
      <span lang={htmlLangOf(other)}>{t('language.switchTo')}</span>
    </Button>
  );
}
