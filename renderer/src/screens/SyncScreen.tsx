// The Sync screen (being built).
import { useTranslation } from 'react-i18next';
import { ScreenFrame } from '../components/ScreenFrame';

export function SyncScreen() {
  const { t } = useTranslation();
  return <ScreenFrame id="syncScreen" title={t('syncScreen.title')}>{null}</ScreenFrame>;
}
