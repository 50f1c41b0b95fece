// The CheckIn screen (being built).
import { useTranslation } from 'react-i18next';
import { ScreenFrame } from '../components/ScreenFrame';

export function CheckInScreen() {
  const { t } = useTranslation();
  return <ScreenFrame id="checkin" title={t('checkin.title')}>{null}</ScreenFrame>;
}
