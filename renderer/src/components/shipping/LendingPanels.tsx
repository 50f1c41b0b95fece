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
import { LendingTable, type LendingTableProps } from './LendingTable';
import { Pager } from './Pager';
import { ScanErrorAlert } from '../ScanErrorAlert';
import { ScanField } from '../ScanField';
import { scanRefusal, type ScanRefusal } from './scanErrors';

export type LendingDialog = { kind: 'unfill' | 'ship' | 'deliver' | 'recall'; id: string };

interface PanelProps {
  open: (dialog: LendingDialog) => void;
}

/** A tab's heading (h3 under the screen's h2), with the tab's own actions on the right. */
function PanelHeading({ tab, actions }: { tab: LendingTab; actions?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1 }}>
      <Typography id={`lending-${tab}-heading`} component="h3" variant="subtitle1" sx={{ fontWeight: 600 }}>
        {t(`lending.${tab}.heading`)}
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

type TabTableProps = Pick<LendingTableProps, 'dateColumn' | 'showStatus' | 'showDue' | 'actions'> & { tab: LendingTab };

/** The requests of one tab, a page at a time: its table (test id `lending-<tab>`) and its pager. */
function TabTable({ tab, ...table }: TabTableProps) {
  const { t } = useTranslation();
  const rows = useLendingStore((state) => state.lists[tab].rows);
  return (
    <>
      <LendingTable rows={rows} label={t(`lending.${tab}.tableLabel`)} empty={t(`lending.${tab}.empty`)} testId={`lending-${tab}`} {...table} />
      <TabPager tab={tab} />
    </>
  );
}

interface RowActionProps {
  label: string;
  /** The button's name for a screen reader: the action and the request it is for. */
  ariaLabel: string;
  testId: string;
  onClick: () => void;
  color?: 'primary' | 'warning';
  variant?: 'text' | 'outlined' | 'contained';
  /** Set apart from the button before it. */
  spaced?: boolean;
}

/** One action in a request's row; every one waits while the desk is busy with another. */
function RowAction({ label, ariaLabel, testId, onClick, color, variant, spaced = false }: RowActionProps) {
  const busy = useLendingStore((state) => state.busy);
  return (
    <Button
      size="small"
      color={color}
      variant={variant}
      sx={spaced ? { ml: 1 } : undefined}
      disabled={busy}
      onClick={onClick}
      aria-label={ariaLabel}
      data-testid={testId}
    >
      {label}
    </Button>
  );
}

/** "Cannot supply", offered for a request not yet shipped: opens the dialog that asks why. */
function UnfillAction({ id, open, spaced }: { id: string; open: PanelProps['open']; spaced?: boolean }) {
  const { t } = useTranslation();
  return (
    <RowAction
      label={t('lending.incoming.unfill')}
      ariaLabel={t('lending.incoming.unfillAria', { id })}
      testId="lending-unfill"
      color="warning"
      spaced={spaced}
      onClick={() => open({ kind: 'unfill', id })}
    />
  );
}

export function IncomingPanel({ open }: PanelProps) {
  const { t } = useTranslation();
  return (
    <>
      <PanelHeading tab="incoming" />
      <TabTable
        tab="incoming"
        dateColumn="createdAt"
        actions={(row: RequestSummary) => (
          <>
            <RowAction
              label={t('lending.incoming.accept')}
              ariaLabel={t('lending.incoming.acceptAria', { id: row.id })}
              testId="lending-accept"
              variant="contained"
              onClick={() => void useLendingStore.getState().accept(row.id)}
            />
            <UnfillAction id={row.id} open={open} spaced />
          </>
        )}
      />
    </>
  );
}

export function AcceptedPanel({ open }: PanelProps) {
  const { t } = useTranslation();
  const count = useLendingStore((state) => tabCount(state.counts, 'accepted'));
  const busy = useLendingStore((state) => state.busy);
  return (
    <>
      <PanelHeading
        tab="accepted"
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
      />
      <TabTable
        tab="accepted"
        dateColumn="statusAt"
        actions={(row: RequestSummary) => (
          <>
            <RowAction
              label={t('lending.accepted.printOne')}
              ariaLabel={t('lending.accepted.printOneAria', { id: row.id })}
              testId="lending-print-one"
              onClick={() => void useLendingStore.getState().printPull([row.id])}
            />
            <UnfillAction id={row.id} open={open} />
            {row.serviceType === 'loan' ? (
              <RowAction
                label={t('lending.accepted.ship')}
                ariaLabel={t('lending.accepted.shipAria', { id: row.id })}
                testId="lending-ship"
                variant="contained"
                spaced
                onClick={() => open({ kind: 'ship', id: row.id })}
              />
            ) : (
              <RowAction
                label={t('lending.accepted.deliver')}
                ariaLabel={t('lending.accepted.deliverAria', { id: row.id })}
                testId="lending-deliver"
                variant="contained"
                spaced
                onClick={() => open({ kind: 'deliver', id: row.id })}
              />
            )}
          </>
        )}
      />
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
  const completed = useLendingStore((state) => state.completed);
  const scanError = useLendingStore((state) => state.scanError);
  const last = completed[0];
  return (
    <>
      <PanelHeading tab="returns" />
      <Box sx={{ maxWidth: 640 }}>
        <ScanField
          id="lending-return-scan"
          label={t('lending.returns.scan')}
          helperText={t('lending.returns.scanHelp')}
          testId="lending-return-scan"
          onScan={(text) => void useLendingStore.getState().complete(text)}
          inputRef={scanRef}
          size="medium"
          maxLength={64}
          autoFocus
        />
      </Box>
      <Box sx={{ minHeight: 56, my: 1 }} aria-live="polite">
        {scanError && <ScanErrorAlert error={scanError} title={t(REFUSAL_KEY[scanRefusal(scanError)])} testId="lending-return-error" beep />}
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
          <TabTable tab="returns" dateColumn="statusAt" showDue />
        </Box>
      </Box>
    </>
  );
}

export function OutOnLoanPanel({ open }: PanelProps) {
  const { t } = useTranslation();
  return (
    <>
      <PanelHeading tab="out" />
      <TabTable
        tab="out"
        dateColumn="statusAt"
        showStatus
        showDue
        actions={(row: RequestSummary) =>
          row.status === 'ON_HOLD' || row.status === 'LOANED' ? (
            <RowAction
              label={t('lending.out.recall')}
              ariaLabel={t('lending.out.recallAria', { id: row.id })}
              testId="lending-recall"
              color="warning"
              variant="outlined"
              onClick={() => open({ kind: 'recall', id: row.id })}
            />
          ) : null
        }
      />
    </>
  );
}
