// SPDX-License-Identifier: MPL-2.0
// Compiled by `tsc --noEmit` (strict) only: the package's types describe the whole API. The @ts-expect-error
// lines make the check fail if a type goes loose again (e.g. error codes back to `string`).
import { BreachCheck } from 'breachcheck-widget';
import type { CheckResult, DatasetReader, ResultErrorCode } from 'breachcheck-widget';

export function firstErrorText(result: CheckResult): string {
  const code: ResultErrorCode | undefined = result.errors?.[0];
  return code === undefined ? '' : BreachCheck.message(code, 'en', result.retryAfter);
}

export async function checkLocalFile(file: File, publisherKey: string): Promise<CheckResult> {
  const reader: DatasetReader = BreachCheck.createReader(file);
  const checker = await BreachCheck.load({ dataset: reader, publisherKey, minVersion: 3 });
  try {
    return await checker.check({ nir: '1 84 12 76 451 089 46', birthDate: '1984-12-01' });
  } finally {
    checker.close();
  }
}

export function readerKinds(bytes: Uint8Array): string[] {
  const { RangeReader, BlobReader, BytesReader } = BreachCheck.readers;
  return [
    new RangeReader('https://publisher.example/data/list.bcd', { timeoutMs: 5000 }).kind,
    new BlobReader(new Blob(['bytes of a data set'])).kind,
    new BytesReader(bytes).kind,
  ];
}

export function elementClass(): CustomElementConstructor | undefined {
  return BreachCheck.Element; // undefined on a server (no DOM)
}

// @ts-expect-error: not an error code of the package
export const notACode: ResultErrorCode = 'no_such_code';

// @ts-expect-error: `readers` is read-only
BreachCheck.readers = { RangeReader: BreachCheck.readers.RangeReader };
