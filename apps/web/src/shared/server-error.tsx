// A server error beside the form field it names (directives, administration…), in the person's language.
import { formField, type ShownError } from './graphql-errors';

/**
 * Form.Item props showing a server error beside the field it names ("input.targetUnitCodes[0]" belongs to
 * "targetUnitCodes"), in the person's language.
 */
export function serverErrorProps(error: ShownError | null, name: string, t: (l: { vi: string; en: string }) => string) {
  const field = formField(error?.field)?.replace(/\[\d+\]$/, '');
  if (!error || field !== name) return {};
  return {
    validateStatus: 'error' as const,
    help: (
      <span data-server-error={name} style={{ color: '#a8071a' }}>
        {t(error.message)}
      </span>
    ),
  };
}

/** Whether a server error names one of the form's fields (otherwise the page shows it above the form). */
export function namesField(error: ShownError | null, names: readonly string[]): boolean {
  const field = formField(error?.field)?.replace(/\[\d+\]$/, '');
  return !!field && names.includes(field);
}
