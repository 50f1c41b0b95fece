// The Settings screen (being built).
import { useTranslation } from 'react-i18next';
import { ScreenFrame } from '../components/ScreenFrame';

export function SettingsScreen() {
  const { t } = useTranslation();
  return <ScreenFrame id="settings" title={t('settings.title')}>{null}</ScreenFrame>;
}
