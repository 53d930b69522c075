import { expect, type Page } from '@playwright/test';

export const SCREENSHOTS = 'docs/screenshots';

/** Open the app and wait until the demo dataset (both splits) is listed. */
export async function openApp(page: Page): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`[browser] ${m.text()}`);
  });
  await page.goto('/');
  // The app opens on the Experiment view (issue 16); these tests start from the Data tab.
  await expect(page.getByRole('tab', { name: 'Experiment' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Data' }).click();
  await expect(page.getByTestId('dataset-demo:train')).toBeVisible();
  await expect(page.getByTestId('dataset-demo:eval')).toBeVisible();
  expect(errors, 'uncaught page errors').toEqual([]);
}

/** Wait for the backend badge to report the self-test winner; returns its name and ms. */
export async function backendInfo(page: Page): Promise<{ name: string; ms: number; title: string }> {
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-backend', /\w+/, { timeout: 150_000 });
  return {
    name: (await badge.getAttribute('data-backend'))!,
    ms: Number(await badge.getAttribute('data-selftest-ms')),
    title: (await badge.getAttribute('title')) ?? '',
  };
}

/** A minimal valid LAReQA (SQuAD + sentences) file: one paragraph, each question answered by one sentence. */
export function lareqaFile(
  items: Array<{ id: string; question: string; answer: string }>,
  extraSentences: string[] = [],
): string {
  const sentences = [...items.map((i) => i.answer), ...extraSentences];
  const breaks: Array<[number, number]> = [];
  let context = '';
  for (const s of sentences) {
    if (context) context += ' ';
    breaks.push([context.length, context.length + s.length]);
    context += s;
  }
  const qas = items.map((it, k) => ({
    id: it.id,
    question: it.question,
    answers: [{ text: it.answer, answer_start: breaks[k][0] }],
  }));
  return JSON.stringify({
    version: '1.1',
    data: [{ title: 'fixture', paragraphs: [{ context, sentences, sentence_breaks: breaks, qas }] }],
  });
}

export async function importViaPicker(page: Page, files: Array<{ name: string; text: string }>): Promise<void> {
  await page
    .getByTestId('file-input')
    .setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text, 'utf8') })));
}

/** Drop files on the drop zone the way a browser drag-and-drop does. */
export async function importViaDrop(page: Page, files: Array<{ name: string; text: string }>): Promise<void> {
  await page.getByTestId('dropzone').evaluate((zone, fs) => {
    const dt = new DataTransfer();
    for (const f of fs) dt.items.add(new File([f.text], f.name, { type: 'application/json' }));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}
