import { mailMessageId } from './notification-mailer.js';

describe('mailMessageId', () => {
  const id = '6f1c2a4e-8d0b-4c3e-9a57-0e2b1d4c5f60';

  it('names the row in the domain of MAIL_FROM, with or without a display name', () => {
    expect(mailMessageId(id, 'HĐND thành phố Hà Nội <hdnd@hanoi.example.vn>')).toBe(`<notify-${id}@hanoi.example.vn>`);
    expect(mailMessageId(id, 'no-reply@localhost')).toBe(`<notify-${id}@localhost>`);
  });

  it('falls back to council.local when MAIL_FROM has no usable domain', () => {
    expect(mailMessageId(id, 'HĐND')).toBe(`<notify-${id}@council.local>`);
    expect(mailMessageId(id, 'HĐND <hdnd@hànội.vn>')).toBe(`<notify-${id}@council.local>`);
  });
});
