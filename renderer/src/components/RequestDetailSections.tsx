// The groups of the detail pane. Each shows every field of its group, empty ones marked as empty.
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { RequestDetail } from '../../../shared/types';
import { calendarDate, localDateTime } from '../format';
import { useLibraryName } from '../store/libraries';
import { DetailSection, FieldList } from './DetailSection';
import { StatusChip } from './StatusChip';

interface SectionProps {
  detail: RequestDetail;
}

function timeOrNull(iso: string | null) {
  return iso === null ? null : <time dateTime={iso}>{localDateTime(iso)}</time>;
}

function dateOrNull(value: string | null) {
  return value === null ? null : <time dateTime={value}>{calendarDate(value)}</time>;
}

export function BibliographicSection({ detail }: SectionProps) {
  const { t } = useTranslation();
  return (
    <DetailSection title={t('detail.sections.bibliographic')} testId="detail-bibliographic">
      <FieldList
        fields={[
          { label: t('detail.fields.serviceType'), value: t(`serviceType.${detail.serviceType}`) },
          { label: t('detail.fields.title'), value: detail.title },
          { label: t('detail.fields.author'), value: detail.author },
          { label: t('detail.fields.publisher'), value: detail.publisher },
          { label: t('detail.fields.pubYear'), value: detail.pubYear },
          { label: t('detail.fields.isbn'), value: detail.isbn },
          { label: t('detail.fields.issn'), value: detail.issn },
          { label: t('detail.fields.language'), value: detail.language },
          { label: t('detail.fields.materialType'), value: detail.materialType },
          { label: t('detail.fields.lenderCallNumber'), value: detail.lenderCallNumber },
          { label: t('detail.fields.pages'), value: detail.pages },
        ]}
      />
    </DetailSection>
  );
}

export function ReaderSection({ detail }: SectionProps) {
  const { t } = useTranslation();
  const { reader } = detail;
  return (
    <DetailSection title={t('detail.sections.reader')} testId="detail-reader">
      {detail.side === 'lender' && reader === null && detail.readerName === null ? (
        <Typography variant="body2" color="text.secondary">
          {t('detail.readerHidden')}
        </Typography>
      ) : (
        <FieldList
          fields={[
            { label: t('detail.fields.readerName'), value: reader?.name ?? detail.readerName },
            { label: t('detail.fields.readerId'), value: reader?.id ?? detail.readerId },
            { label: t('detail.fields.readerLogin'), value: reader?.login ?? null },
            { label: t('detail.fields.cardNumber'), value: reader?.cardNumber ?? null },
            { label: t('detail.fields.department'), value: reader?.department ?? null },
            { label: t('detail.fields.readerEmail'), value: reader?.email ?? null },
            { label: t('detail.fields.readerPhone'), value: reader?.phone ?? null },
            { label: t('detail.fields.readerStatus'), value: reader ? t(`readerStatus.${reader.status}`) : null },
            { label: t('detail.fields.recipientName'), value: detail.recipientName },
            { label: t('detail.fields.email'), value: detail.email },
            { label: t('detail.fields.phone'), value: detail.phone },
            { label: t('detail.fields.customNo'), value: detail.customNo },
            { label: t('detail.fields.remark'), value: detail.remark },
          ]}
        />
      )}
    </DetailSection>
  );
}

export function LibrariesSection({ detail }: SectionProps) {
  const { t } = useTranslation();
  const lenderFromDirectory = useLibraryName(detail.lenderCode, 'full');
  const withCode = (name: string | null, code: string | null): string | null => {
    if (code === null) return null;
    return name === null || name === code ? code : t('common.nameWithCode', { name, code });
  };
  return (
    <DetailSection title={t('detail.sections.libraries')} testId="detail-libraries">
      <FieldList
        fields={[
          { label: t('detail.fields.side'), value: t(`ourRole.${detail.side}`) },
          { label: t('detail.fields.borrower'), value: withCode(detail.borrowerName, detail.borrowerCode) },
          { label: t('detail.fields.lender'), value: withCode(detail.lenderName ?? lenderFromDirectory, detail.lenderCode) },
          { label: t('detail.fields.noteToLender'), value: detail.noteToLender },
          {
            label: t('detail.fields.unfilledReason'),
            value: detail.unfilledReason === null ? null : t(`unfilledReason.${detail.unfilledReason}`),
          },
        ]}
      />
    </DetailSection>
  );
}

export function DatesSection({ detail }: SectionProps) {
  const { t } = useTranslation();
  return (
    <DetailSection title={t('detail.sections.dates')} testId="detail-dates">
      <FieldList
        fields={[
          { label: t('detail.fields.createdAt'), value: timeOrNull(detail.createdAt) },
          { label: t('detail.fields.statusAt'), value: timeOrNull(detail.statusAt) },
          { label: t('detail.fields.dueDate'), value: dateOrNull(detail.dueDate) },
          { label: t('detail.fields.lenderDueDate'), value: dateOrNull(detail.lenderDueDate) },
          { label: t('detail.fields.pickUpBy'), value: dateOrNull(detail.pickUpBy) },
        ]}
      />
    </DetailSection>
  );
}

export function LogisticsSection({ detail }: SectionProps) {
  const { t } = useTranslation();
  return (
    <DetailSection title={t('detail.sections.logistics')} testId="detail-logistics">
      <FieldList
        fields={[
          { label: t('detail.fields.courier'), value: detail.courier },
          { label: t('detail.fields.trackingNo'), value: detail.trackingNo },
          { label: t('detail.fields.itemBarcode'), value: detail.itemBarcode },
          { label: t('detail.fields.holdSlot'), value: detail.holdSlot },
        ]}
      />
    </DetailSection>
  );
}

export function StatusSection({ detail }: SectionProps) {
  const { t } = useTranslation();
  return (
    <DetailSection title={t('detail.sections.status')} testId="detail-status">
      <FieldList
        fields={[
          {
            label: t('detail.fields.status'),
            value: (
              <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
                <StatusChip status={detail.status} />
                {t(`statusLong.${detail.status}`)}
              </Box>
            ),
          },
          {
            label: t('detail.fields.overdue'),
            value: detail.overdue ? (
              <Box component="span" sx={{ color: 'error.main', fontWeight: 600 }}>
                {t('common.yes')}
              </Box>
            ) : (
              t('common.no')
            ),
          },
          { label: t('detail.fields.version'), value: String(detail.version) },
        ]}
      />
    </DetailSection>
  );
}
