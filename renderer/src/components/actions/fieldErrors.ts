// Turns a refusal from main into what the form shows: which field it is about, and the words to
// show at that field. Main's messages name the field and the rule in English ("trackingNo: is
// required"); the common rules are said in the clerk's language, the rest as main wrote them.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api';

/** The top-level input field an error is about (`refs.2` → `refs`), or null. */
export function errorField(error: ApiError | null): string | null {
  if (!error || error.field === undefined || error.field === '') return null;
  return error.field.split('.')[0] ?? null;
}

/** Main's message without the `field: ` it starts with. */
export function ruleOf(error: ApiError): string {
  const field = error.field;
  if (field !== undefined && error.message.startsWith(`${field}: `)) return error.message.slice(field.length + 2);
  return error.message;
}

/** A function that says an error at its field in the clerk's language. */
export function useFieldErrorText(): (error: ApiError) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: ApiError) => {
      const rule = ruleOf(error);
      if (error.code === 'INVALID_INPUT' && rule === 'is required') return t('queueActions.fieldErrors.required');
      const tooLong = /^may be at most (\d+) characters/.exec(rule);
      if (error.code === 'INVALID_INPUT' && tooLong) return t('queueActions.fieldErrors.tooLong', { max: Number(tooLong[1]) });
      if (error.code === 'INVALID_INPUT') {
        if (rule.startsWith('must be an ISBN')) return t('queueActions.fieldErrors.isbn');
        if (rule.startsWith('must be an ISSN')) return t('queueActions.fieldErrors.issn');
        if (rule.startsWith('must be a year')) return t('queueActions.fieldErrors.year');
        if (rule.startsWith('must be an e-mail')) return t('queueActions.fieldErrors.email');
        if (rule.startsWith('must be a six-digit library code')) return t('queueActions.fieldErrors.libraryCode');
      }
      return t('queueActions.fieldErrors.withMessage', { code: t(`errors.codes.${error.code}`), message: rule });
    },
    [t],
  );
}
