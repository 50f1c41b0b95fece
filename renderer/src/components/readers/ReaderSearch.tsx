// Finding a reader by name, login or card number (a card scanned at the counter is an exact hit
// first). Enter searches; a row opens the reader in the detail pane.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import Chip from '@mui/material/Chip';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReaderStatus } from '../../../../shared/types';
import { useReadersStore, SEARCH_LIMIT } from '../../store/readers';
import { ErrorBanner } from '../ErrorBanner';
import { SectionHeading } from '../SectionHeading';

const READER_STATUSES: readonly ReaderStatus[] = ['PENDING', 'APPROVED', 'REJECTED'];

export function ReaderStatusChip({ status }: { status: ReaderStatus }) {
  const { t } = useTranslation();
  const color = status === 'APPROVED' ? 'success' : status === 'PENDING' ? 'warning' : 'default';
  return <Chip size="small" color={color} label={t(`readerStatus.${status}`)} data-reader-status={status} />;
}

export function ReaderSearch() {
  const { t } = useTranslation();
  const headingId = useId();
  const [text, setText] = useState('');
  const [status, setStatus] = useState<ReaderStatus | ''>('');
  const searched = useReadersStore((state) => state.searched);
  const results = useReadersStore((state) => state.results);
  const searching = useReadersStore((state) => state.searching);
  const error = useReadersStore((state) => state.searchError);
  const search = useReadersStore((state) => state.search);
  const select = useReadersStore((state) => state.select);
  const selectedId = useReadersStore((state) => state.selectedId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void search(text.trim(), status === '' ? null : status);
  };

  return (
    <Box component="section" aria-labelledby={headingId} data-testid="reader-search">
      <SectionHeading
        id={headingId}
        title={t('readers.search.heading')}
        count={searched && !searching && !error ? t('readers.search.results', { count: results.length }) : undefined}
      />
      <Box component="form" role="search" onSubmit={submit} sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap', alignItems: 'flex-start', mb: 1 }}>
        <TextField
          label={t('readers.search.label')}
          placeholder={t('readers.search.placeholder')}
          value={text}
          onChange={(event) => setText(event.target.value)}
          size="small"
          autoFocus
          sx={{ minWidth: 280, flex: '1 1 280px', maxWidth: 420 }}
          slotProps={{ htmlInput: { maxLength: 50, 'data-testid': 'reader-search-input' } }}
        />
        <TextField
          select
          label={t('readers.search.status')}
          value={status}
          onChange={(event) => setStatus(event.target.value as ReaderStatus | '')}
          size="small"
          sx={{ minWidth: 150 }}
          slotProps={{ select: { native: true }, htmlInput: { 'data-testid': 'reader-search-status' } }}
        >
          <option value="">{t('readers.search.allStatuses')}</option>
          {READER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`readerStatus.${s}`)}
            </option>
          ))}
        </TextField>
        <Button type="submit" variant="contained" disabled={searching} data-testid="reader-search-submit">
          {t('readers.search.submit')}
        </Button>
      </Box>
      {!searched && (
        <Typography variant="body2" color="text.secondary">
          {t('readers.search.prompt')}
        </Typography>
      )}
      {error && <ErrorBanner error={error} testId="reader-search-error" />}
      {searched && !searching && !error && results.length === 0 && (
        <Typography variant="body2" data-testid="reader-search-none">
          {t('readers.search.none')}
        </Typography>
      )}
      {results.length >= SEARCH_LIMIT && (
        <Typography variant="body2" color="text.secondary">
          {t('readers.search.resultsCapped', { count: SEARCH_LIMIT })}
        </Typography>
      )}
      {results.length > 0 && (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={t('readers.search.tableLabel')} aria-busy={searching}>
            <TableHead>
              <TableRow>
                <TableCell>{t('readers.columns.name')}</TableCell>
                <TableCell>{t('readers.columns.login')}</TableCell>
                <TableCell>{t('readers.columns.cardNumber')}</TableCell>
                <TableCell>{t('readers.columns.department')}</TableCell>
                <TableCell>{t('readers.columns.status')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {results.map((reader) => (
                <TableRow
                  key={reader.id}
                  hover
                  selected={reader.id === selectedId}
                  onClick={() => void select(reader.id)}
                  sx={{ cursor: 'pointer' }}
                  data-testid="reader-row"
                  data-reader-id={reader.id}
                >
                  <TableCell>
                    {/* The name is the keyboard's way to the same pane the row opens on click. */}
                    <Link
                      component="button"
                      type="button"
                      underline="hover"
                      onClick={(event) => {
                        event.stopPropagation();
                        void select(reader.id);
                      }}
                      sx={{ textAlign: 'left', typography: 'body2' }}
                    >
                      {reader.name}
                    </Link>
                  </TableCell>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{reader.login}</TableCell>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{reader.cardNumber}</TableCell>
                  <TableCell>{reader.department ?? t('common.empty')}</TableCell>
                  <TableCell>
                    <ReaderStatusChip status={reader.status} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}
