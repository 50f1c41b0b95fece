// 借还书, the second-floor desk. Left: the reader whose card was scanned — books waiting for them
// (hand out one or all: due date, no renewals, a date-due slip), their loans and recalls. Right:
// returns by scan (each then waits for return shipping) and the books past their pick-up date,
// to take off the shelf and send back.
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../shared/errors';
import { onEvent } from '../api';
import { HandedOutNotice, HoldsTable, LoansTable, ReaderCard } from '../components/circulation/ReaderPanels';
import { PastPickUpList, ReturnDone, ReturnsLog } from '../components/circulation/ReturnPanels';
import { ScanErrorAlert } from '../components/ScanErrorAlert';
import { ScanField } from '../components/ScanField';
import { ScreenFrame } from '../components/ScreenFrame';
import type { Messages } from '../i18n/zh';
import { useHandoutStore } from '../store/handout';

type Hints = Messages['handout']['error']['hint'];
const CARD_HINTS = ['NOT_FOUND', 'INVALID_INPUT'] as const satisfies readonly (keyof Hints['card'])[];
const RETURN_HINTS = ['NOT_FOUND', 'FORBIDDEN', 'INVALID_TRANSITION', 'INVALID_INPUT'] as const satisfies readonly (keyof Hints['returnScan'])[];
const HANDOUT_HINTS = ['INVALID_TRANSITION', 'FORBIDDEN', 'NOT_FOUND'] as const satisfies readonly (keyof Hints['handOut'])[];

function isOneOf<K extends ErrorCode>(codes: readonly K[], code: ErrorCode): code is K {
  return (codes as readonly ErrorCode[]).includes(code);
}

function ReaderSide({ focusCard }: { focusCard: () => void }) {
  const { t } = useTranslation();
  const desk = useHandoutStore((state) => state.desk);
  const cardFailure = useHandoutStore((state) => state.cardFailure);
  const actionError = useHandoutStore((state) => state.actionError);
  const handedOut = useHandoutStore((state) => state.handedOut);
  const busy = useHandoutStore((state) => state.busy);

  const onHandOut = async (id: string) => {
    await useHandoutStore.getState().handOut(id);
    focusCard();
  };
  const onHandOutAll = async () => {
    await useHandoutStore.getState().handOutAll();
    focusCard();
  };
  const onClear = () => {
    useHandoutStore.getState().clearReader();
    focusCard();
  };

  return (
    <Box sx={{ display: 'grid', gap: 2, alignContent: 'start' }}>
      {cardFailure && (
        <ScanErrorAlert error={cardFailure.error} scan={cardFailure.scan} hint={isOneOf(CARD_HINTS, cardFailure.error.code) ? t(`handout.error.hint.card.${cardFailure.error.code}`) : null} testId="handout-card-error">
          <Box sx={{ mt: 0.5 }}>{t('handout.error.nothingChanged')}</Box>
        </ScanErrorAlert>
      )}
      {actionError && (
        <ScanErrorAlert error={actionError} hint={isOneOf(HANDOUT_HINTS, actionError.code) ? t(`handout.error.hint.handOut.${actionError.code}`) : null} testId="handout-action-error">
          <Box sx={{ mt: 0.5 }}>{t('handout.error.nothingChanged')}</Box>
        </ScanErrorAlert>
      )}
      <Box aria-live="polite">{handedOut && <HandedOutNotice handedOut={handedOut} />}</Box>
      {desk ? (
        <>
          <ReaderCard desk={desk} onClear={onClear} />
          <HoldsTable holds={desk.holds} busy={busy} onHandOut={(id) => void onHandOut(id)} onHandOutAll={() => void onHandOutAll()} />
          <LoansTable loans={desk.recalls} recalled />
          <LoansTable loans={desk.loans} />
          <Typography variant="body2" color="text.secondary" data-testid="handout-no-renewals">
            {t('handout.noRenewals')}
          </Typography>
        </>
      ) : (
        !cardFailure && (
          <Typography variant="body1" color="text.secondary">
            {t('handout.noReader')}
          </Typography>
        )
      )}
    </Box>
  );
}

function ReturnSide() {
  const { t } = useTranslation();
  const returns = useHandoutStore((state) => state.returns);
  const returnFailure = useHandoutStore((state) => state.returnFailure);
  const latest = returns[0];

  return (
    <Box sx={{ display: 'grid', gap: 2, alignContent: 'start' }}>
      {returnFailure && (
        <ScanErrorAlert error={returnFailure.error} scan={returnFailure.scan} hint={isOneOf(RETURN_HINTS, returnFailure.error.code) ? t(`handout.error.hint.returnScan.${returnFailure.error.code}`) : null} testId="handout-return-error">
          {returnFailure.current && (
            <Box sx={{ mt: 0.5, fontWeight: 600 }}>
              {t('handout.error.current', { id: returnFailure.current.id, status: t(`status.${returnFailure.current.status}`) })}
            </Box>
          )}
          <Box sx={{ mt: 0.5 }}>{t('handout.error.nothingChanged')}</Box>
        </ScanErrorAlert>
      )}
      <Box aria-live="polite">{!returnFailure && latest && <ReturnDone entry={latest} />}</Box>
      <ReturnsLog returns={returns} />
    </Box>
  );
}

/** The books nobody picked up in time; sending one back is a return from the shelf. */
function PastPickUpSide({ focusReturns }: { focusReturns: () => void }) {
  const pastPickUp = useHandoutStore((state) => state.pastPickUp);
  const pastPickUpError = useHandoutStore((state) => state.pastPickUpError);
  const sendBackError = useHandoutStore((state) => state.sendBackError);
  const holdShelfDays = useHandoutStore((state) => state.holdShelfDays);
  const busy = useHandoutStore((state) => state.busy);

  const onSendBack = async (id: string) => {
    await useHandoutStore.getState().sendBack(id);
    focusReturns();
  };

  return (
    <PastPickUpList
      rows={pastPickUp}
      holdShelfDays={holdShelfDays}
      busy={busy}
      error={pastPickUpError}
      sendBackError={sendBackError}
      onSendBack={(id) => void onSendBack(id)}
      onRetry={() => void useHandoutStore.getState().loadPastPickUp()}
    />
  );
}

export function HandoutScreen() {
  const { t } = useTranslation();
  const cardRef = useRef<HTMLInputElement | null>(null);
  const returnRef = useRef<HTMLInputElement | null>(null);
  const cardFailed = useHandoutStore((state) => state.cardFailure !== null);
  const returnFailed = useHandoutStore((state) => state.returnFailure !== null);

  useEffect(() => {
    const store = useHandoutStore.getState();
    void store.loadPastPickUp();
    void store.reloadReader();
    return onEvent('data.changed', () => {
      const { reloadReader, loadPastPickUp } = useHandoutStore.getState();
      void reloadReader();
      void loadPastPickUp();
    });
  }, []);

  return (
    <ScreenFrame id="handout" title={t('handout.title')}>
      <Box
        sx={{
          display: 'grid',
          gap: 3,
          gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 1fr) minmax(0, 1fr)' },
          alignItems: 'start',
          maxWidth: 1600,
          pt: 1,
        }}
      >
        <Box sx={{ display: 'grid', gap: 2, minWidth: 0 }}>
          <Box sx={{ maxWidth: 560 }}>
            <ScanField
              id="handout-card"
              label={t('handout.card.label')}
              helperText={t('handout.card.help')}
              testId="handout-card"
              inputRef={cardRef}
              failed={cardFailed}
              onScan={(card) => void useHandoutStore.getState().scanCard(card)}
              autoFocus
            />
          </Box>
          <ReaderSide focusCard={() => cardRef.current?.focus()} />
        </Box>
        <Box sx={{ display: 'grid', gap: 2, minWidth: 0 }}>
          <ScanField
            id="handout-return"
            label={t('handout.returnScan.label')}
            helperText={t('handout.returnScan.help')}
            testId="handout-return"
            inputRef={returnRef}
            failed={returnFailed}
            onScan={(scan) => void useHandoutStore.getState().scanReturn(scan)}
          />
          <ReturnSide />
        </Box>
        <Box sx={{ gridColumn: '1 / -1', minWidth: 0 }}>
          <PastPickUpSide focusReturns={() => returnRef.current?.focus()} />
        </Box>
      </Box>
    </ScreenFrame>
  );
}
