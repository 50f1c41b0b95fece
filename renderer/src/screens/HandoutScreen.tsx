// The Handout screen (being built).
import { useTranslation } from 'react-i18next';
import { ScreenFrame } from '../components/ScreenFrame';

export function HandoutScreen() {
  const { t } = useTranslation();
  return <ScreenFrame id="handout" title={t('handout.title')}>{null}</ScreenFrame>;
}
