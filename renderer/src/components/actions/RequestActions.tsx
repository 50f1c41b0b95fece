// What our library may do with the open request now: exactly the ops the status machine allows
// (RequestDetail.allowedOps), each a button that opens its dialog, and the slips of this status to
// print again. Declaring a loss is a supervisor's: a clerk sees the button disabled, and main
// refuses it anyway.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lenderDueDate, type LibraryRules } from '../../../../shared/rules';
import { UNFILLED_REASONS, type RequestOpType, type UnfilledReason } from '../../../../shared/status';
import type { RequestDetail, SlipKind } from '../../../../shared/types';
import { call, toApiError, type ApiError } from '../../api';
import type { queueActionsZh } from '../../i18n/screens/queueActions';
import { useDetailStore } from '../../store/detail';
import { useNavStore } from '../../store/nav';
import { useQueueStore } from '../../store/queue';
import { useIsSupervisor } from '../../store/session';
import { DetailSection } from '../DetailSection';
import { ErrorBanner } from '../ErrorBanner';
import { ActionDialog, type ActionFieldSpec, type ActionValues, type DialogOp } from './ActionDialog';

/** The order of the buttons: moving the request on first, then ending or refusing it, then notes. */
const BUTTON_ORDER: readonly DialogOp[] = [
  'request.forward',
  'request.accept',
  'request.ship',
  'request.deliver',
  'request.checkIn',
  'request.handOut',
  'request.return',
  'request.complete',
  'request.recall',
  'request.unfill',
  'request.reject',
  'request.cancel',
  'request.lose',
  'request.note',
];
const PRIMARY_OPS: ReadonlySet<RequestOpType> = new Set([
  'request.forward',
  'request.accept',
  'request.ship',
  'request.deliver',
  'request.checkIn',
  'request.handOut',
  'request.return',
  'request.complete',
]);
const DANGER_OPS: ReadonlySet<RequestOpType> = new Set(['request.reject', 'request.cancel', 'request.lose']);

/** Absent or blank means "not given": the contract treats both alike. */
function optional(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The slip of a status that a clerk may want again. */
export function reprintKindOf(detail: RequestDetail): ReprintKind | null {
  if (detail.side === 'borrower' && detail.status === 'ON_HOLD') return 'pickup';
  if (detail.side === 'borrower' && detail.status === 'LOANED') return 'dateDue';
  if (detail.side === 'lender' && detail.status === 'ACCEPTED') return 'pull';
  return null;
}

function opKey(op: RequestOpType): string {
  return op.replace(/^request\./, '');
}

/** Our own rules (the loan period we lend for), for the default due date of a shipment. */
function useOurRules(enabled: boolean): LibraryRules | null {
  const [rules, setRules] = useState<LibraryRules | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    call('rules.get', {})
      .then((answer) => {
        if (live) setRules(answer);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [enabled]);
  return rules;
}

type FieldKey = keyof typeof queueActionsZh.actions.fields;
type ReprintKind = Exclude<SlipKind, 'packingList'>;

interface OpDialogProps {
  op: DialogOp;
  detail: RequestDetail;
  onClose: () => void;
}

function OpDialog({ op, detail, onClose }: OpDialogProps) {
  const { t } = useTranslation();
  const id = detail.id;
  const rules = useOurRules(op === 'request.ship');
  const shipInitial = useMemo<ActionValues | undefined>(
    () => (rules ? { lenderDueDate: lenderDueDate(new Date().toISOString(), rules) } : undefined),
    [rules],
  );
  const f = (key: FieldKey) => t(`queueActions.actions.fields.${key}`);

  const reason = (required: boolean): ActionFieldSpec => ({ name: 'reason', label: f('reason'), required, limit: 'reason', multiline: true });
  let fields: ActionFieldSpec[] = [];
  let run: (values: ActionValues) => Promise<RequestDetail>;
  switch (op) {
    case 'request.forward':
      fields = [
        { name: 'lender', label: f('lender'), required: true, library: true, helper: f('lenderHelp') },
        { name: 'noteToLender', label: f('noteToLender'), limit: 'noteToLender', multiline: true },
      ];
      run = (v) => call('request.forward', { id, lender: v.lender ?? '', noteToLender: optional(v.noteToLender) });
      break;
    case 'request.reject':
      fields = [reason(true)];
      run = (v) => call('request.reject', { id, reason: v.reason ?? '' });
      break;
    case 'request.cancel':
      fields = [reason(true)];
      run = (v) => call('request.cancel', { id, reason: v.reason ?? '' });
      break;
    case 'request.recall':
      fields = [reason(false)];
      run = (v) => call('request.recall', { id, reason: optional(v.reason) });
      break;
    case 'request.lose':
      fields = [reason(false)];
      run = (v) => call('request.lose', { id, reason: optional(v.reason) });
      break;
    case 'request.accept':
      run = () => call('request.accept', { id });
      break;
    case 'request.unfill':
      fields = [
        {
          name: 'reasonCode',
          label: f('reasonCode'),
          required: true,
          options: UNFILLED_REASONS.map((code) => ({ value: code, label: t(`unfilledReason.${code}`) })),
          emptyLabel: t('queueActions.newRequest.notChosen'),
        },
        { name: 'note', label: f('unfillNote'), limit: 'noteToLender', multiline: true },
      ];
      // An unchosen reason goes to main as it is, and main says at the field that it is needed.
      run = (v) => call('request.unfill', { id, reasonCode: (v.reasonCode ?? '') as UnfilledReason, note: optional(v.note) });
      break;
    case 'request.ship':
      fields = [
        { name: 'courier', label: f('courier'), required: true, maxLength: 50, helper: f('courierHelp') },
        { name: 'trackingNo', label: f('trackingNo'), required: true, maxLength: 50, code: true },
        { name: 'itemBarcode', label: f('itemBarcode'), required: true, maxLength: 40, code: true },
        {
          name: 'lenderDueDate',
          label: f('lenderDueDate'),
          type: 'date',
          helper: rules ? t('queueActions.actions.fields.lenderDueDateHelp', { days: rules.loanPeriodDays }) : undefined,
        },
      ];
      run = (v) =>
        call('request.ship', {
          id,
          courier: v.courier ?? '',
          trackingNo: v.trackingNo ?? '',
          itemBarcode: v.itemBarcode ?? '',
          lenderDueDate: optional(v.lenderDueDate),
        });
      break;
    case 'request.deliver':
      fields = [{ name: 'note', label: f('note'), limit: 'noteToLender', multiline: true }];
      run = (v) => call('request.deliver', { id, note: optional(v.note) });
      break;
    case 'request.checkIn':
      run = () => call('request.checkIn', { scan: id });
      break;
    case 'request.handOut':
      run = () => call('request.handOut', { id });
      break;
    case 'request.return':
      run = () => call('request.return', { scan: id });
      break;
    case 'request.complete':
      run = () => call('request.complete', { scan: id });
      break;
    case 'request.note':
      fields = [{ name: 'text', label: f('text'), required: true, limit: 'noteText', multiline: true }];
      run = (v) => call('request.note', { id, text: v.text ?? '' });
      break;
  }

  const onDone = (next: RequestDetail) => {
    const details = useDetailStore.getState();
    details.show(next);
    details.notify(t('queueActions.actions.done', { id: next.id, action: t(`ops.${op}`) }));
    void useQueueStore.getState().refresh();
    onClose();
  };

  return (
    <ActionDialog
      op={op}
      requestId={id}
      fields={fields}
      initial={shipInitial}
      run={run}
      onDone={onDone}
      onClose={onClose}
      danger={DANGER_OPS.has(op)}
    />
  );
}

function ReprintButton({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation();
  const kind = reprintKindOf(detail);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (kind === null) return null;
  const reprint = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('print.slip', { kind, refs: [detail.id] });
      useDetailStore.getState().notify(t('queueActions.print.sent', { slip: t(`queueActions.print.slips.${kind}`) }));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <DetailSection title={t('queueActions.print.heading')} testId="detail-reprint">
      {error && <ErrorBanner error={error} testId="reprint-error" />}
      <Button variant="outlined" size="small" disabled={busy} onClick={() => void reprint()} data-testid={`reprint-${kind}`}>
        {t(`queueActions.print.${kind}`)}
      </Button>
    </DetailSection>
  );
}

export function RequestActions({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation();
  const supervisor = useIsSupervisor();
  const [open, setOpen] = useState<DialogOp | null>(null);
  // A reload that changes what is allowed closes a dialog for an op no longer allowed.
  const allowed = new Set(detail.allowedOps);
  const ops = BUTTON_ORDER.filter((op) => allowed.has(op));
  const returnShip = allowed.has('request.returnShip');
  const openOp = open !== null && allowed.has(open) ? open : null;

  return (
    <>
      <DetailSection title={t('detail.sections.allowedOps')} testId="detail-allowed-ops">
        {ops.length === 0 && !returnShip ? (
          <Typography variant="body2" color="text.secondary">
            {t('detail.noOps')}
          </Typography>
        ) : (
          <Box component="ul" sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, listStyle: 'none', m: 0, p: 0 }}>
            {ops.map((op) => {
              const locked = op === 'request.lose' && !supervisor;
              return (
                <li key={op}>
                  <Button
                    size="small"
                    variant={PRIMARY_OPS.has(op) ? 'contained' : 'outlined'}
                    color={DANGER_OPS.has(op) ? 'error' : 'primary'}
                    disabled={locked}
                    onClick={() => setOpen(op)}
                    data-testid={`op-${opKey(op)}`}
                    data-op={op}
                    aria-describedby={locked ? 'op-lose-locked' : undefined}
                  >
                    {t(`ops.${op}`)}
                  </Button>
                  {locked && (
                    <Typography id="op-lose-locked" variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                      {t('queueActions.actions.supervisorOnly')}
                    </Typography>
                  )}
                </li>
              );
            })}
            {returnShip && (
              <li>
                <Button size="small" variant="outlined" onClick={() => useNavStore.getState().go('returns')} data-testid="op-returnShip" data-op="request.returnShip">
                  {t('queueActions.actions.goToReturns')}
                </Button>
              </li>
            )}
          </Box>
        )}
      </DetailSection>
      <ReprintButton detail={detail} />
      {openOp !== null && <OpDialog key={`${openOp}:${detail.id}`} op={openOp} detail={detail} onClose={() => setOpen(null)} />}
    </>
  );
}
