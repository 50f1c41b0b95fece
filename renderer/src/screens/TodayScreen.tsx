// The Today screen (being built).
import { useTranslation } from 'react-i18next';
import { ScreenFrame } from '../components/ScreenFrame';

export function TodayScreen() {
  const { t } = useTranslation();
  return <ScreenFrame id="today" title={t('today.title')}>{null}</ScreenFrame>;
}
