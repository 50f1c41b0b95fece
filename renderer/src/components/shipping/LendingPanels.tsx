// The four tabs of the Lending desk: new requests to answer, accepted ones to pull and ship,
// books coming back to check in (a scan each), and our books out on loan (to recall).
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestSummary } from '../../../../shared/types';
import { LENDING_PAGE_SIZE, tabCount, useLendingStore, type LendingTab } from '../../store/lending';
import { LendingTable } from './LendingTable';
import { Pager } from './Pager';
import { ScanAlert } from './ScanAlert';
import { ScanField } from './ScanField';
import { scanRefusal, type ScanRefusal } from './scanErrors';

export type LendingDialog = { kind: 'unfill' | 'ship' | 'deliver' | 'recall'; id: string };

interface PanelProps {
  open: (dialog: LendingDialog) => void;
}

function PanelHeading({ id, children, actions }: { id: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1 }}>
      <Typography id={id} component="h3" variant="subtitle1" sx={{ fontWeight: 600 }}>
        {children}
      </Typography>
      <Box sx={{ flexGrow: 1 }} />
      {actions}
    </Box>
  );
}

function TabPager({ tab }: { tab: LendingTab }) {
  const { t } = useTranslation();
  const list = useLendingStore((state) => state.lists[tab]);
  return (
    <Pager
      page={list.page}
      pageSize={LENDING_PAGE_SIZE}
      total={list.total}
      range={t('lending.range', {
        from: list.page * LENDING_PAGE_SIZE + 1,
        to: Math.min(list.total, (list.page + 1) * LENDING_PAGE_SIZE),
        count: list.total,
      })}
      previous={t('lending.previous')}
      next={t('lending.next')}
      onPage={(page) => void useLendingStore.getState().load(tab, page)}
      testId={`lending-${tab}-pager`}
    />
  );
}

export function IncomingPanel({ open }: PanelProps) {
  const { t } = useTranslation();
  const rows = useLendingStore((state) => state.lists.incoming.rows);
  const busy = useLendingStore((state) => state.busy);
  return (
    <>
      <PanelHeading id="lending-incoming-heading">{t('lending.incoming.heading')}</PanelHeading>
      <LendingTable
        rows={rows}
        label={t('lending.incoming.tableLabel')}
        empty={t('lending.incoming.empty')}
        testId="lending-incoming"
        dateColumn="createdAt"
        actions={(row: RequestSummary) => (
          <>
            <Button
              size="small"
              variant="contained"
              disabled={busy}
              onClick={() => void useLendingStore.getState().accept(row.id)}
              aria-label={t('lending.incoming.acceptAria', { id: row.id })}
              data-testid="lending-accept"
            >
              {t('lending.incoming.accept')}
            </Button>
            <Button
              size="small"
              color="warning"
              sx={{ ml: 1 }}
              disabled={busy}
              onClick={() => open({ kind: 'unfill', id: row.id })}
              aria-label={t('lending.incoming.unfillAria', { id: row.id })}
              data-testid="lending-unfill"
            >
              {t('lending.incoming.unfill')}
            </Button>
          </>
        )}
      />
      <TabPager tab="incoming" />
    </>
  );
}

export function AcceptedPanel({ open }: PanelProps) {
  const { t } = useTranslation();
  const rows = useLendingStore((state) => state.lists.accepted.rows);
  const count = useLendingStore((state) => tabCount(state.counts, 'accepted'));
  const busy = useLendingStore((state) => state.busy);
  return (
    <>
      <PanelHeading
        id="lending-accepted-heading"
        actions={
          <Button
            variant="outlined"
            disabled={busy || count === 0}
            onClick={() => void useLendingStore.getState().printAllAccepted()}
            data-testid="lending-print-all"
          >
            {t('lending.accepted.printAll', { count })}
          </Button>
        }
      >
        {t('lending.accepted.heading')}
      </PanelHeading>
      <LendingTable
        rows={rows}
        label={t('lending.accepted.tableLabel')}
        empty={t('lending.accepted.empty')}
        testId="lending-accepted"
        dateColumn="statusAt"
        actions={(row: RequestSummary) => (
          <>
            <Button
              size="small"
              disabled={busy}
              onClick={() => void useLendingStore.getState().printPull([row.id])}
              aria-label={t('lending.accepted.printOneAria', { id: row.id })}
              data-testid="lending-print-one"
            >
              {t('lending.accepted.printOne')}
            </Button>
            <Button
              size="small"
              color="warning"
              disabled={busy}
              onClick={() => open({ kind: 'unfill', id: row.id })}
              aria-label={t('lending.incoming.unfillAria', { id: row.id })}
              data-testid="lending-unfill"
            >
              {t('lending.incoming.unfill')}
            </Button>
            {row.serviceType === 'loan' ? (
              <Button
                size="small"
                variant="contained"
                sx={{ ml: 1 }}
                disabled={busy}
                onClick={() => open({ kind: 'ship', id: row.id })}
                aria-label={t('lending.accepted.shipAria', { id: row.id })}
                data-testid="lending-ship"
              >
                {t('lending.accepted.ship')}
              </Button>
            ) : (
              <Button
                size="small"
                variant="contained"
                sx={{ ml: 1 }}
                disabled={busy}
                onClick={() => open({ kind: 'deliver', id: row.id })}
                aria-label={t('lending.accepted.deliverAria', { id: row.id })}
                data-testid="lending-deliver"
              >
                {t('lending.accepted.deliver')}
              </Button>
            )}
          </>
        )}
      />
      <TabPager tab="accepted" />
    </>
  );
}

const REFUSAL_KEY = {
  notFound: 'lending.scanError.notFound',
  notOurs: 'lending.scanError.notOurs',
  wrongStatus: 'lending.scanError.wrongStatus',
  otherLender: 'lending.scanError.invalid',
  invalid: 'lending.scanError.invalid',
} as const satisfies Record<ScanRefusal, string>;

export function ReturnsInPanel({ scanRef }: { scanRef: Ref<HTMLInputElement> }) {
  const { t } = useTranslation();
  const rows = useLendingStore((state) => state.lists.returns.rows);
  const completed = useLendingStore((state) => state.completed);
  const scanError = useLendingStore((state) => state.scanError);
  const last = completed[0];
  return (
    <>
      <PanelHeading id="lending-returns-heading">{t('lending.returns.heading')}</PanelHeading>
      <Box sx={{ maxWidth: 640 }}>
        <ScanField
          id="lending-return-scan"
          label={t('lending.returns.scan')}
          helperText={t('lending.returns.scanHelp')}
          testId="lending-return-scan"
          onScan={(text) => void useLendingStore.getState().complete(text)}
          inputRef={scanRef}
          autoFocus
        />
      </Box>
      <Box sx={{ minHeight: 56, my: 1 }} aria-live="polite">
        {scanError && <ScanAlert error={scanError} title={t(REFUSAL_KEY[scanRefusal(scanError)])} testId="lending-return-error" />}
        {!scanError && last && (
          <Alert severity="success" data-testid="lending-return-ok">
            {t('lending.returns.completed', { id: last.id, title: last.title })}
          </Alert>
        )}
      </Box>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(240px, 1fr) 3fr', gap: 2, alignItems: 'start' }}>
        <Box component="section" aria-labelledby="lending-session-heading">
          <Typography id="lending-session-heading" component="h4" variant="subtitle2" sx={{ fontWeight: 600 }}>
            {t('lending.returns.sessionHeading')}
          </Typography>
          {completed.length === 0 ? (
            <Typography variant="body2" color="text.secondary">
              {t('lending.returns.sessionEmpty')}
            </Typography>
          ) : (
            <List dense data-testid="lending-completed">
              {completed.map((request) => (
                <ListItem key={request.id} disableGutters data-request-id={request.id}>
                  <ListItemText primary={request.id} secondary={request.title} />
                </ListItem>
              ))}
            </List>
          )}
        </Box>
        <Box component="section" aria-labelledby="lending-waiting-heading" sx={{ minWidth: 0 }}>
          <Typography id="lending-waiting-heading" component="h4" variant="subtitle2" sx={{ fontWeight: 600 }}>
            {t('lending.returns.waitingHeading')}
          </Typography>
          <LendingTable
            rows={rows}
            label={t('lending.returns.tableLabel')}
            empty={t('lending.returns.empty')}
            testId="lending-returns"
            dateColumn="statusAt"
            showDue
          />
          <TabPager tab="returns" />
        </Box>
      </Box>
    </>
  );
}

export function OutOnLoanPanel({ open }: PanelProps) {
  const { t } = useTranslation();
  const rows = useLendingStore((state) => state.lists.out.rows);
  const busy = useLendingStore((state) => state.busy);
  return (
    <>
      <PanelHeading id="lending-out-heading">{t('lending.out.heading')}</PanelHeading>
      <LendingTable
        rows={rows}
        label={t('lending.out.tableLabel')}
        empty={t('lending.out.empty')}
        testId="lending-out"
        dateColumn="statusAt"
        showStatus
        showDue
        actions={(row: RequestSummary) =>
          row.status === 'ON_HOLD' || row.status === 'LOANED' ? (
            <Button
              size="small"
              color="warning"
              variant="outlined"
              disabled={busy}
              onClick={() => open({ kind: 'recall', id: row.id })}
              aria-label={t('lending.out.recallAria', { id: row.id })}
              data-testid="lending-recall"
            >
              {t('lending.out.recall')}
            </Button>
          ) : null
        }
      />
      <TabPager tab="out" />
    </>
  );
}
