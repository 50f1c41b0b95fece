// The ReturnShipping screen (being built).
import { useTranslation } from 'react-i18next';
import { ScreenFrame } from '../components/ScreenFrame';

export function ReturnShippingScreen() {
  const { t } = useTranslation();
  return <ScreenFrame id="returns" title={t('returns.title')}>{null}</ScreenFrame>;
}
