import { InvalidInputError } from '@council/core';
import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';

// NUL cannot be stored in PostgreSQL text; a lone surrogate is not Unicode (it would be stored as U+FFFD, not as sent).
// eslint-disable-next-line no-control-regex -- NUL is the very character PostgreSQL cannot store in text
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function find(value: unknown, path: string): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = find(value[i], `${path}[${i}]`);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      const hit = find(v, `${path}.${k}`);
      if (hit) return hit;
    }
  }
  return null;
}

/**
 * Every GraphQL argument, before any resolver sees it: text that could not be
 * stored exactly is refused here, as BAD_USER_INPUT naming the field, rather
 * than failing deep inside a transaction.
 */
@Injectable()
export class TextInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const field = find(value, metadata.data ?? 'input');
    if (field) {
      throw new InvalidInputError(
        field,
        {
          vi: 'Văn bản chứa ký tự không hợp lệ (ký tự NUL hoặc mã Unicode hỏng)',
          en: 'The text contains a character that cannot be stored (NUL or broken Unicode)',
        },
        { rules: ['TEXT_UNSTORABLE'] },
      );
    }
    return value;
  }
}
