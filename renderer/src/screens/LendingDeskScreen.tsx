// The LendingDesk screen (being built).
import { useTranslation } from 'react-i18next';
import { ScreenFrame } from '../components/ScreenFrame';

export function LendingDeskScreen() {
  const { t } = useTranslation();
  return <ScreenFrame id="lending" title={t('lending.title')}>{null}</ScreenFrame>;
}
