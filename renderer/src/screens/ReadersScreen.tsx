// The Readers screen (being built).
import { useTranslation } from 'react-i18next';
import { ScreenFrame } from '../components/ScreenFrame';

export function ReadersScreen() {
  const { t } = useTranslation();
  return <ScreenFrame id="readers" title={t('readers.title')}>{null}</ScreenFrame>;
}
