// The reader at the second-floor desk: who they are and how many more requests they may open,
// their books on the hold shelf (hand out one or all), what was just handed out with its due
// date, their loans and the loans a lender has recalled.
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import { useTranslation } from 'react-i18next';
import type { ReaderDesk, ReaderDeskHold, RequestSummary } from '../../../../shared/types';
import { useLibraryName } from '../../store/libraries';
import { useSlipOutcome } from '../../store/printing';
import type { HandedOut } from '../../store/handout';
import { SectionHeading } from '../SectionHeading';

const ID_CELL = { fontFamily: 'monospace', whiteSpace: 'nowrap' } as const;
const NOWRAP = { whiteSpace: 'nowrap' } as const;

export function ReaderCard({ desk, onClear }: { desk: ReaderDesk; onClear: () => void }) {
  const { t } = useTranslation();
  const { reader } = desk;
  const empty = t('common.empty');
  const facts: [string, string, string][] = [
    ['card', t('handout.reader.card'), reader.cardNumber],
    ['department', t('handout.reader.department'), reader.department ?? empty],
    ['phone', t('handout.reader.phone'), reader.phone || empty],
    ['email', t('handout.reader.email'), reader.email || empty],
    ['open', t('handout.reader.open'), t('handout.reader.openValue', { count: reader.openRequestCount })],
  ];
  return (
    <Paper variant="outlined" component="section" aria-labelledby="handout-reader-heading" data-testid="handout-reader" data-reader-id={reader.id} sx={{ p: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 2, flexWrap: 'wrap' }}>
        <Typography id="handout-reader-heading" component="h3" variant="h5" sx={{ fontWeight: 700 }} data-testid="handout-reader-name">
          {reader.name}
        </Typography>
        <Chip
          color={reader.mayRequestMore > 0 ? 'success' : 'warning'}
          label={reader.mayRequestMore > 0 ? t('handout.reader.mayRequestMore', { count: reader.mayRequestMore }) : t('handout.reader.atLimit')}
          data-testid="handout-may-request"
          data-count={reader.mayRequestMore}
        />
        <Box sx={{ flexGrow: 1 }} />
        <Button size="small" onClick={onClear}>
          {t('handout.reader.clear')}
        </Button>
      </Box>
      {reader.status !== 'APPROVED' && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          {t('handout.reader.notApproved', { status: t(`readerStatus.${reader.status}`) })}
        </Alert>
      )}
      <Box component="dl" sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 3, rowGap: 0.5, m: 0, mt: 1 }}>
        {facts.map(([key, label, value]) => (
          <Box key={key} sx={{ display: 'flex', gap: 1 }} data-testid={`handout-reader-${key}`}>
            <Box component="dt" sx={{ color: 'text.secondary', typography: 'body2' }}>
              {label}
            </Box>
            <Box component="dd" sx={{ m: 0, typography: 'body2', fontWeight: key === 'card' ? 700 : 400 }}>
              {value}
            </Box>
          </Box>
        ))}
      </Box>
    </Paper>
  );
}

interface HoldRowProps {
  hold: ReaderDeskHold;
  busy: boolean;
  onHandOut: (id: string) => void;
}

function HoldRow({ hold, busy, onHandOut }: HoldRowProps) {
  const { t } = useTranslation();
  const lender = useLibraryName(hold.lenderCode);
  return (
    <TableRow data-testid="handout-hold" data-request-id={hold.id}>
      <TableCell sx={{ fontSize: 22, fontWeight: 800 }} data-testid="handout-hold-slot">
        {hold.holdSlot ?? t('common.empty')}
      </TableCell>
      <TableCell sx={ID_CELL}>{hold.id}</TableCell>
      <TableCell>{hold.title}</TableCell>
      <TableCell sx={NOWRAP}>{lender ?? t('common.empty')}</TableCell>
      <TableCell sx={NOWRAP}>
        {hold.pickUpBy ?? t('common.empty')}
        {hold.pastPickUp && <Chip size="small" color="error" label={t('handout.holds.pastPickUp')} sx={{ ml: 1 }} />}
      </TableCell>
      <TableCell sx={{ ...NOWRAP, fontWeight: 700 }} data-testid="handout-hold-due">
        {hold.dueDateIfHandedOut}
      </TableCell>
      <TableCell>
        <Button
          variant="outlined"
          size="small"
          disabled={busy}
          onClick={() => onHandOut(hold.id)}
          aria-label={t('handout.holds.handOutAria', { id: hold.id, title: hold.title })}
          data-testid="handout-hold-button"
          sx={{ whiteSpace: 'nowrap' }}
        >
          {t('handout.holds.handOut')}
        </Button>
      </TableCell>
    </TableRow>
  );
}

interface HoldsTableProps {
  holds: ReaderDeskHold[];
  busy: readonly string[];
  onHandOut: (id: string) => void;
  onHandOutAll: () => void;
}

export function HoldsTable({ holds, busy, onHandOut, onHandOutAll }: HoldsTableProps) {
  const { t } = useTranslation();
  const anyBusy = holds.some((hold) => busy.includes(hold.id));
  return (
    <Box component="section" aria-labelledby="handout-holds-heading" data-testid="handout-holds">
      <SectionHeading
        id="handout-holds-heading"
        title={t('handout.holds.heading')}
        count={t('handout.holds.count', { count: holds.length })}
        actions={
          holds.length > 0 && (
            <Button variant="contained" onClick={onHandOutAll} disabled={anyBusy} data-testid="handout-all">
              {t('handout.holds.handOutAll', { count: holds.length })}
            </Button>
          )
        }
      />
      {holds.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {t('handout.holds.empty')}
        </Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={t('handout.holds.tableLabel')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('handout.holds.columns.slot')}</TableCell>
                <TableCell>{t('handout.holds.columns.id')}</TableCell>
                <TableCell>{t('handout.holds.columns.title')}</TableCell>
                <TableCell>{t('handout.holds.columns.lender')}</TableCell>
                <TableCell>{t('handout.holds.columns.pickUpBy')}</TableCell>
                <TableCell>{t('handout.holds.columns.dueDate')}</TableCell>
                <TableCell>{t('handout.holds.columns.action')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {holds.map((hold) => (
                <HoldRow key={hold.id} hold={hold} busy={busy.includes(hold.id)} onHandOut={onHandOut} />
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}

/** The date-due slip as the printer last answered (queued, printed, failed: see the print queue). */
function DateDueSlipState({ firstId }: { firstId: string }) {
  const { t } = useTranslation();
  const job = useSlipOutcome('dateDue', firstId);
  const state = job?.status === 'printed' ? 'printed' : job?.status === 'failed' ? 'failed' : 'queued';
  return (
    <Box component="span" data-testid="handout-slip" data-slip-status={state} sx={state === 'failed' ? { fontWeight: 700 } : undefined}>
      {t(`handout.handedOut.slip.${state}`)}
    </Box>
  );
}

/** What was just handed out: each book with its due date, big, and that the slip is printing. */
export function HandedOutNotice({ handedOut }: { handedOut: HandedOut }) {
  const { t } = useTranslation();
  return (
    <Alert severity="success" role="status" data-testid="handout-done">
      <AlertTitle sx={{ fontWeight: 700 }}>{t('handout.handedOut.heading', { count: handedOut.loans.length })}</AlertTitle>
      <Box component="ul" sx={{ m: 0, pl: 2 }}>
        {handedOut.loans.map((loan) => (
          <Box component="li" key={loan.id} data-testid="handout-done-item" data-request-id={loan.id}>
            <Box component="span" sx={{ fontFamily: 'monospace', mr: 1 }}>
              {loan.id}
            </Box>
            {loan.title}
            {' · '}
            {t('handout.handedOut.due')}{' '}
            <Box component="strong" sx={{ fontSize: 18, whiteSpace: 'nowrap' }} data-testid="handout-done-due">
              {loan.dueDate}
            </Box>
          </Box>
        ))}
      </Box>
      <Box sx={{ mt: 0.5 }}>
        <DateDueSlipState firstId={handedOut.loans[0]?.id ?? ''} /> · {t('handout.handedOut.noRenewal')}
      </Box>
    </Alert>
  );
}

function LoanRow({ loan, recalled }: { loan: RequestSummary; recalled: boolean }) {
  const { t } = useTranslation();
  const lender = useLibraryName(loan.lenderCode);
  return (
    <TableRow
      data-testid={recalled ? 'handout-recall' : 'handout-loan'}
      data-request-id={loan.id}
      data-overdue={loan.overdue ? 'true' : undefined}
      sx={(theme) => (loan.overdue ? { backgroundColor: alpha(theme.palette.error.main, 0.07) } : {})}
    >
      <TableCell sx={ID_CELL}>{loan.id}</TableCell>
      <TableCell>{loan.title}</TableCell>
      <TableCell sx={NOWRAP}>{lender ?? t('common.empty')}</TableCell>
      <TableCell sx={{ ...NOWRAP, fontWeight: 700, color: loan.overdue ? 'error.main' : undefined }} data-testid="handout-loan-due">
        {loan.dueDate ?? t('common.empty')}
      </TableCell>
      <TableCell sx={NOWRAP}>
        {recalled && <Chip size="small" color="warning" label={t('handout.recalls.mustReturn')} sx={{ mr: 0.5 }} />}
        {loan.overdue ? (
          <Chip size="small" color="error" label={t('handout.loans.overdue')} />
        ) : (
          !recalled && (
            <Typography variant="body2" component="span" color="text.secondary">
              {t('handout.loans.onTime')}
            </Typography>
          )
        )}
      </TableCell>
    </TableRow>
  );
}

interface LoansTableProps {
  loans: RequestSummary[];
  recalled?: boolean;
}

export function LoansTable({ loans, recalled = false }: LoansTableProps) {
  const { t } = useTranslation();
  const headingId = recalled ? 'handout-recalls-heading' : 'handout-loans-heading';
  if (recalled && loans.length === 0) return null;
  return (
    <Box component="section" aria-labelledby={headingId} data-testid={recalled ? 'handout-recalls' : 'handout-loans'}>
      <SectionHeading
        id={headingId}
        title={recalled ? t('handout.recalls.heading') : t('handout.loans.heading')}
        count={recalled ? t('handout.recalls.count', { count: loans.length }) : t('handout.loans.count', { count: loans.length })}
        color={recalled ? 'warning' : 'primary'}
      />
      {loans.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {t('handout.loans.empty')}
        </Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={recalled ? t('handout.recalls.tableLabel') : t('handout.loans.tableLabel')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('handout.loans.columns.id')}</TableCell>
                <TableCell>{t('handout.loans.columns.title')}</TableCell>
                <TableCell>{t('handout.loans.columns.lender')}</TableCell>
                <TableCell>{t('handout.loans.columns.dueDate')}</TableCell>
                <TableCell>{t('handout.loans.columns.state')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {loans.map((loan) => (
                <LoanRow key={loan.id} loan={loan} recalled={recalled} />
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}
