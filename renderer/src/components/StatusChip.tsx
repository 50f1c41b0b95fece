import Chip, { type ChipProps } from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';
import type { Status } from '../../../shared/status';

/** Amber where our desk has to act, blue in transit, purple at our desk, green done, red lost. */
export const STATUS_COLOR: Record<Status, NonNullable<ChipProps['color']>> = {
  SUBMITTED: 'warning',
  UNFILLED: 'warning',
  RECALLED: 'warning',
  SENT: 'info',
  ACCEPTED: 'info',
  SHIPPED: 'info',
  RETURN_SHIPPED: 'info',
  ON_HOLD: 'secondary',
  RETURNED: 'secondary',
  LOANED: 'primary',
  COMPLETED: 'success',
  DELIVERED: 'success',
  CANCELLED: 'default',
  REJECTED: 'default',
  LOST: 'error',
};

export function StatusChip({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      color={STATUS_COLOR[status]}
      label={t(`status.${status}`)}
      title={t(`statusLong.${status}`)}
      data-status={status}
    />
  );
}
