import { firstShownError, formField, graphqlErrorsOf, isNetworkFailure, shownError } from './graphql-errors';
import { UI } from './labels';

describe('server errors as the pages show them', () => {
  it('keeps the bilingual message and the field of a known code', () => {
    const shown = shownError({
      message: 'Giá trị phải là số nguyên không âm',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.values[2].value', messageEn: 'A value must be a whole number' },
    });
    expect(shown).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.values[2].value',
      message: { vi: 'Giá trị phải là số nguyên không âm', en: 'A value must be a whole number' },
    });
    expect(formField(shown.field)).toBe('values[2].value');
  });

  it("shows a form the server's first error, or the generic message when there is none (a lost connection)", () => {
    const thrown = {
      errors: [
        { message: 'Tên đăng nhập đã có người dùng', extensions: { code: 'CONFLICT', field: 'input.username', messageEn: 'Taken' } },
        { message: 'second', extensions: { code: 'BAD_USER_INPUT' } },
      ],
    };
    expect(firstShownError(thrown)).toEqual({
      code: 'CONFLICT',
      field: 'input.username',
      message: { vi: 'Tên đăng nhập đã có người dùng', en: 'Taken' },
    });
    expect(firstShownError(new TypeError('Failed to fetch'))).toEqual({ code: 'INTERNAL', message: UI.genericError });
  });

  it('never shows the text of an error without a known code', () => {
    const shown = shownError({ message: 'relation "report" does not exist at Parser.parse (/app/x.js:1:1)', extensions: {} });
    expect(shown.message).toBe(UI.genericError);
    expect(shown.message.vi).not.toMatch(/relation|Parser/);
  });

  it('tells a lost connection from an answered request', () => {
    expect(isNetworkFailure(new TypeError('Failed to fetch'))).toBe(true);
    expect(isNetworkFailure({ statusCode: 502 })).toBe(true);
    const answered = { errors: [{ message: 'x', extensions: { code: 'FORBIDDEN' } }] };
    expect(isNetworkFailure(answered)).toBe(false);
    expect(graphqlErrorsOf(answered)).toHaveLength(1);
  });
});
