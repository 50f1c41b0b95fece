// 到馆签收: the courier brought books from the lenders. Each scan (request number or item barcode)
// checks one in: the book goes on the hold shelf in the slot shown, the reader's arrival notice
// is queued and the pickup slip goes to the printer. Below: this session's check-ins and what is
// still on its way.
import Box from '@mui/material/Box';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../shared/errors';
import { onEvent } from '../api';
import { CheckInLog, CheckInResult, ExpectedArrivals } from '../components/circulation/CheckInPanels';
import { ScanErrorAlert } from '../components/ScanErrorAlert';
import { ScanField } from '../components/ScanField';
import { ScreenFrame } from '../components/ScreenFrame';
import { useCheckInStore, type ScanFailure } from '../store/checkin';
import type { Messages } from '../i18n/zh';

const HINTS = ['NOT_FOUND', 'FORBIDDEN', 'INVALID_TRANSITION', 'INVALID_INPUT'] as const satisfies readonly (keyof Messages['checkin']['error']['hint'])[];
function isHintCode(code: ErrorCode): code is (typeof HINTS)[number] {
  return (HINTS as readonly ErrorCode[]).includes(code);
}

function CheckInFailure({ failure }: { failure: ScanFailure }) {
  const { t } = useTranslation();
  const { error, current } = failure;
  return (
    <ScanErrorAlert
      error={error}
      scan={failure.scan}
      hint={isHintCode(error.code) ? t(`checkin.error.hint.${error.code}`) : null}
      testId="checkin-error"
    >
      {current && (
        <Box sx={{ mt: 0.5, fontWeight: 600 }} data-testid="checkin-error-current">
          {current.holdSlot
            ? t('checkin.error.currentSlot', { id: current.id, status: t(`status.${current.status}`), slot: current.holdSlot })
            : t('checkin.error.current', { id: current.id, status: t(`status.${current.status}`) })}
        </Box>
      )}
      <Box sx={{ mt: 0.5 }}>{t('checkin.error.nothingChanged')}</Box>
    </ScanErrorAlert>
  );
}

export function CheckInScreen() {
  const { t } = useTranslation();
  const last = useCheckInStore((state) => state.last);
  const log = useCheckInStore((state) => state.log);
  const failure = useCheckInStore((state) => state.failure);
  const pending = useCheckInStore((state) => state.pending);
  const expected = useCheckInStore((state) => state.expected);
  const expectedTotal = useCheckInStore((state) => state.expectedTotal);
  const expectedError = useCheckInStore((state) => state.expectedError);
  const scanRef = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    const { loadExpected } = useCheckInStore.getState();
    void loadExpected();
    return onEvent('data.changed', () => void loadExpected());
  }, []);

  const onScan = (value: string) => {
    void useCheckInStore.getState().scan(value);
  };

  return (
    <ScreenFrame id="checkin" title={t('checkin.title')}>
      <Box sx={{ display: 'grid', gap: 2, maxWidth: 1400, pt: 1 }}>
        <Box sx={{ maxWidth: 720 }}>
          <ScanField
            id="checkin-scan"
            label={t('checkin.scan.label')}
            helperText={pending > 0 ? t('checkin.busy') : t('checkin.scan.help')}
            testId="checkin-scan"
            onScan={onScan}
            inputRef={scanRef}
            failed={failure !== null}
            autoFocus
          />
        </Box>
        {failure && <CheckInFailure failure={failure} />}
        <Box aria-live="polite">{last && <CheckInResult entry={last} />}</Box>
        <CheckInLog log={log} />
        <ExpectedArrivals rows={expected} total={expectedTotal} error={expectedError} onRetry={() => void useCheckInStore.getState().loadExpected()} />
      </Box>
    </ScreenFrame>
  );
}
