import { type Page } from '@playwright/test';
import { expect } from './helpers';

// The Support tab as a provider fills it in, with or without JavaScript: where customers reach
// them, business hours in Berlin, two languages, an escalation contact and four targets.

export const SUPPORT = {
  site: 'https://support.e2e.example',
  email: 'help@e2e.example',
  phone: '+49 30 1234567',
  escalation: 'escalate@e2e.example',
};

export async function fillSupport(page: Page, id: string, save: () => Promise<void>, email = SUPPORT.email): Promise<void> {
  await page.goto(`/offerings/${id}/support`);
  await page.getByLabel('Support site', { exact: true }).fill(SUPPORT.site);
  await page.getByLabel('Support e-mail', { exact: true }).fill(email);
  await page.getByLabel('Phone (optional)', { exact: true }).fill(SUPPORT.phone);
  await page.getByLabel('Hours', { exact: true }).selectOption('business_hours');
  for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
    await page.getByLabel(day, { exact: true }).check();
  }
  await page.getByLabel('Opens', { exact: true }).fill('08:00');
  await page.getByLabel('Closes', { exact: true }).fill('18:00');
  await page.getByLabel('Time zone', { exact: true }).selectOption('Europe/Berlin');
  await page.getByLabel('English', { exact: true }).check();
  await page.getByLabel('Deutsch', { exact: true }).check();
  await page.getByLabel('Escalation e-mail', { exact: true }).fill(SUPPORT.escalation);
  for (const [severity, value, unit] of [['Critical', '30', 'minutes'], ['High', '4', 'hours'], ['Medium', '1', 'days'], ['Low', '2', 'days']]) {
    await page.getByLabel(severity, { exact: true }).fill(value);
    await page.getByLabel(`${severity} (First response)`, { exact: true }).selectOption(unit);
  }
  await save();
  await expect(page.getByLabel('Support e-mail', { exact: true })).toHaveValue(email);
}
