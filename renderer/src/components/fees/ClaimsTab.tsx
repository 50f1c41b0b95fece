// 待确认: money between libraries waits for the payer's consent (DESIGN §7). What other libraries
// claim from ours, for a supervisor to accept (接受) or dispute (提出异议) with a comment; and what
// ours claimed from others, waiting for them (待对方确认), with any dispute they sent back. A clerk
// sees both lists without the buttons.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fenToYuan } from '../../../../shared/ledger';
import type { LedgerRow } from '../../../../shared/types';
import { toApiError, type ApiError } from '../../api';
import { useDeskStore } from '../../store/desk';
import { useFeesStore } from '../../store/fees';
import { useLibrariesStore } from '../../store/libraries';
import { useIsSupervisor } from '../../store/session';
import { ErrorBanner } from '../ErrorBanner';
import { SectionHeading } from '../SectionHeading';
import { FeeTable } from './FeeTable';
import { ReasonDialog } from './ReasonDialog';
import { claimsColumns, kindText, partyText, shortId, signedYuan } from './columns';

export function ClaimsTab() {
  const { t } = useTranslation();
  const supervisor = useIsSupervisor();
  const byCode = useLibrariesStore((state) => state.byCode);
  const us = useDeskStore((state) => state.info?.libraryCode ?? '');
  const { claims, claimsError } = useFeesStore();
  const [disputing, setDisputing] = useState<LedgerRow | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const columns = useMemo(() => claimsColumns(t, byCode, us), [t, byCode, us]);
  const ref = (row: LedgerRow) => row.requestId ?? row.shipmentId ?? shortId(row.id);
  const other = (row: LedgerRow) => partyText(t, byCode, row.payer === us ? row.payee : row.payer);
  const rowProps = (row: LedgerRow) => ({ 'data-entry-id': row.id, 'data-state': row.state, 'data-disputed': row.dispute ? 'true' : undefined });

  const accept = async (row: LedgerRow) => {
    setBusy(row.id);
    setError(null);
    try {
      await useFeesStore.getState().accept(row.id);
      setNotice(t('fees.claims.accepted', { kind: kindText(t, row.kind), amount: fenToYuan(Math.abs(row.amountFen)) }));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Box data-testid="fees-claims">
      <Typography variant="body2" color="text.secondary" sx={{ py: 1 }}>
        {t('fees.claims.intro')}
      </Typography>
      <Box aria-live="polite">
        {notice && (
          <Alert severity="success" onClose={() => setNotice(null)} sx={{ mb: 1 }} data-testid="fees-claims-notice">
            {notice}
          </Alert>
        )}
      </Box>
      {claimsError && <ErrorBanner error={claimsError} onRetry={() => void useFeesStore.getState().loadClaims()} testId="fees-claims-error" />}
      {error && <ErrorBanner error={error} testId="fees-claims-action-error" />}
      <Stack spacing={3}>
        <Box component="section" aria-labelledby="fees-claims-to-accept">
          <SectionHeading id="fees-claims-to-accept" title={t('fees.claims.toAccept')} color="warning" />
          {!supervisor && (
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="fees-claims-clerk-note">
              {t('fees.claims.clerkNote')}
            </Typography>
          )}
          <FeeTable<LedgerRow>
            label={t('fees.claims.toAccept')}
            columns={columns}
            rows={claims?.toAccept ?? []}
            totals={[]}
            empty={claims ? t('fees.claims.toAcceptEmpty') : t('common.loading')}
            testId="fees-claims-to-accept"
            rowKey={(row) => row.id}
            rowProps={rowProps}
            actions={
              supervisor
                ? {
                    header: t('fees.claims.columns.actions'),
                    cell: (row) => (
                      <Stack direction="row" spacing={1}>
                        <Button
                          size="small"
                          variant="contained"
                          disabled={busy !== null}
                          onClick={() => void accept(row)}
                          aria-label={t('fees.claims.acceptAria', { ref: ref(row) })}
                          data-testid="fees-claim-accept"
                        >
                          {t('fees.claims.accept')}
                        </Button>
                        <Button
                          size="small"
                          color="warning"
                          disabled={busy !== null}
                          onClick={() => setDisputing(row)}
                          aria-label={t('fees.claims.disputeAria', { ref: ref(row) })}
                          data-testid="fees-claim-dispute-open"
                        >
                          {t('fees.claims.dispute')}
                        </Button>
                      </Stack>
                    ),
                  }
                : undefined
            }
          />
        </Box>
        <Box component="section" aria-labelledby="fees-claims-awaiting">
          <SectionHeading id="fees-claims-awaiting" title={t('fees.claims.awaiting')} />
          <FeeTable<LedgerRow>
            label={t('fees.claims.awaiting')}
            columns={columns}
            rows={claims?.awaiting ?? []}
            totals={[]}
            empty={claims ? t('fees.claims.awaitingEmpty') : t('common.loading')}
            testId="fees-claims-awaiting"
            rowKey={(row) => row.id}
            rowProps={rowProps}
          />
        </Box>
      </Stack>
      {disputing && (
        <ReasonDialog
          title={t('fees.claims.disputeTitle')}
          intro={t('fees.claims.disputeIntro')}
          detail={
            <Typography variant="body2" data-testid="fees-claim-dispute-entry">
              {t('fees.claims.disputeEntry', { kind: kindText(t, disputing.kind), amount: signedYuan(disputing.signedFen), library: other(disputing), ref: ref(disputing) })}
            </Typography>
          }
          name="comment"
          label={t('fees.claims.disputeComment')}
          initial={disputing.dispute?.by === us ? disputing.dispute.comment : ''}
          limit="reason"
          submit={t('fees.claims.submit')}
          submitting={t('fees.claims.submitting')}
          cancel={t('fees.claims.cancel')}
          testId="fees-claim-dispute-dialog"
          run={async (comment) => {
            await useFeesStore.getState().disputeClaim(disputing.id, comment);
            setNotice(t('fees.claims.disputed', { ref: ref(disputing) }));
            setDisputing(null);
          }}
          onClose={() => setDisputing(null)}
        />
      )}
    </Box>
  );
}
