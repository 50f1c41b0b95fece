// The reader notices of one of our requests (文献到馆通知, 召回, 到期提醒, 逾期通知), in the detail pane:
// whether the mail server took each one, and when it did not, its own answer — and a failed one
// can be sent again. They reload whenever the request does (the detail pane reloads on
// data.changed, which the background sender also raises when it changes a notice).
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Notice, RequestDetail } from '../../../shared/types';
import { call, toApiError, type ApiError } from '../api';
import { localDateTime } from '../format';
import { useDetailStore } from '../store/detail';
import { DetailSection, FieldList, type Field } from './DetailSection';
import { ErrorBanner } from './ErrorBanner';

/** The next attempt is shown when the service gives it (a notice queued again after a failed attempt). */
type ShownNotice = Notice & { nextAttemptAt?: string | null };

type Shown = 'queued' | 'retrying' | 'sent' | 'failed';

function shownStatus(notice: ShownNotice): Shown {
  if (notice.status === 'queued' && notice.attempts > 0) return 'retrying';
  return notice.status;
}

const CHIP_COLOR = { queued: 'default', retrying: 'warning', sent: 'success', failed: 'error' } as const;

function time(iso: string) {
  return <time dateTime={iso}>{localDateTime(iso)}</time>;
}

export function NoticesSection({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation();
  const borrower = detail.side === 'borrower';
  const [notices, setNotices] = useState<{ id: string; list: ShownNotice[] } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [resending, setResending] = useState<number | null>(null);
  const seq = useRef(0);

  const load = useCallback(async (id: string) => {
    const mine = ++seq.current;
    try {
      const list = await call('request.notices', { id });
      if (mine === seq.current) {
        setNotices({ id, list });
        setError(null);
      }
    } catch (caught) {
      if (mine === seq.current) setError(toApiError(caught));
    }
  }, []);

  // `detail` is a new object after every reload of the request (data.changed included).
  useEffect(() => {
    if (borrower) void load(detail.id);
  }, [borrower, detail, load]);

  const resend = async (notice: ShownNotice) => {
    setResending(notice.id);
    setError(null);
    try {
      await call('notice.resend', { id: notice.id });
      useDetailStore.getState().notify(t('notices.resent', { kind: t(`notices.kinds.${notice.kind}`) }));
      await load(detail.id);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setResending(null);
    }
  };

  const list = notices?.id === detail.id ? notices.list : null;
  return (
    <DetailSection title={t('notices.heading')} testId="detail-notices">
      {!borrower ? (
        <Typography variant="body2" color="text.secondary" data-testid="notices-lender">
          {t('notices.lenderSide')}
        </Typography>
      ) : (
        <>
          {error && <ErrorBanner error={error} testId="notices-error" />}
          {list !== null && list.length === 0 && (
            <Typography variant="body2" color="text.secondary" data-testid="notices-none">
              {t('notices.none')}
            </Typography>
          )}
          {list !== null && list.length > 0 && (
            <Box component="ul" aria-label={t('notices.listLabel')} sx={{ listStyle: 'none', p: 0, m: 0 }}>
              {list.map((notice) => (
                <NoticeItem key={notice.id} notice={notice} busy={resending === notice.id} onResend={() => void resend(notice)} />
              ))}
            </Box>
          )}
        </>
      )}
    </DetailSection>
  );
}

function NoticeItem({ notice, busy, onResend }: { notice: ShownNotice; busy: boolean; onResend: () => void }) {
  const { t } = useTranslation();
  const shown = shownStatus(notice);
  const fields: Field[] = [
    { label: t('notices.to'), value: notice.toAddress ?? t('notices.noAddress'), testId: 'notice-to' },
    shown === 'sent' && notice.sentAt !== null
      ? { label: t('notices.sentAt'), value: time(notice.sentAt), testId: 'notice-time' }
      : { label: t('notices.queuedAt'), value: time(notice.createdAt), testId: 'notice-time' },
  ];
  if (notice.attempts > 0) fields.push({ label: t('notices.attempts'), value: t('notices.attemptsValue', { count: notice.attempts }), testId: 'notice-attempts' });
  if (shown === 'retrying') {
    const next = notice.nextAttemptAt ?? null;
    fields.push({ label: t('notices.nextAttempt'), value: next ? time(next) : t('notices.nextAttemptSoon'), testId: 'notice-next' });
  }
  if (notice.lastError !== null && shown !== 'sent') {
    fields.push({ label: t('notices.serverAnswer'), value: <Box component="span" sx={{ fontFamily: 'monospace' }}>{notice.lastError}</Box>, testId: 'notice-error' });
  }
  return (
    <Box
      component="li"
      data-testid="notice"
      data-notice-id={notice.id}
      data-kind={notice.kind}
      data-status={notice.status}
      sx={{ py: 1, '& + &': { borderTop: 1, borderColor: 'divider' } }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 0.5, flexWrap: 'wrap' }}>
        <Typography component="span" variant="body2" sx={{ fontWeight: 600, flex: 1 }} data-testid="notice-kind">
          {t(`notices.kinds.${notice.kind}`)}
        </Typography>
        <Chip size="small" color={CHIP_COLOR[shown]} label={t(`notices.status.${shown}`)} data-testid="notice-status" />
      </Box>
      <FieldList fields={fields} />
      {notice.status === 'failed' && (
        <Button size="small" variant="outlined" color="primary" disabled={busy} onClick={onResend} sx={{ mt: 1 }} data-testid="notice-resend">
          {t('notices.resend')}
        </Button>
      )}
    </Box>
  );
}
