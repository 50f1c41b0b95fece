// Which refusal a scan met, from the desk's error code and the field it names: the screens turn
// it into words of their own.
import type { ApiError } from '../../api';

export type ScanRefusal = 'notFound' | 'notOurs' | 'wrongStatus' | 'otherLender' | 'invalid';

export function scanRefusal(error: ApiError): ScanRefusal {
  if (error.code === 'NOT_FOUND') return 'notFound';
  if (error.code === 'FORBIDDEN') return 'notOurs';
  if (error.code === 'INVALID_TRANSITION') return 'wrongStatus';
  if (error.code === 'INVALID_INPUT' && error.field === 'lenderCode') return 'otherLender';
  return 'invalid';
}
