import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/db.ts';
import { postForm, profileForm, signedIn } from '../../test/support/members.ts';
import { startTestServer, type TestServer } from '../../test/support/server.ts';

/** The profile form without JavaScript: countries and regions by name, rows added and removed by its buttons. */
describe.each(DIALECTS)('the profile form’s places and rows on %s', (engine) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer(engine);
  });
  afterAll(() => s.close());

  const selected = (html: string, id: string) => {
    const select = new RegExp(`<select id="${id}"[\\s\\S]*?</select>`).exec(html)?.[0] ?? '';
    return /<option value="([^"]*)" selected>([^<]*)<\/option>/.exec(select)?.slice(1, 3) ?? null;
  };

  it('offers countries and regions by name, and shows the saved codes as names', async () => {
    const member = await signedIn(s, 'rows-names@example.org');
    const empty = await member.get('/dashboard');
    expect(empty.html).toContain('<option value="CA">Canada</option>');
    expect(empty.html).toContain('<optgroup label="Canada" data-country="CA"><option value="AB">Alberta</option><option value="BC">British Columbia</option>');
    expect(empty.html).not.toContain('Country code');
    expect(empty.html).not.toContain('region code');

    const saved = await postForm(member, '/dashboard', '/dashboard/profile', profileForm({ area_0_country: 'AU', area_0_region: 'WA', office_0_country: 'US', office_0_region: 'TX' }));
    expect(saved.status, saved.html.slice(0, 400)).toBe(303);
    const page = (await member.get('/dashboard')).html;
    expect(selected(page, 'office_0_country')).toEqual(['US', 'United States']);
    expect(selected(page, 'office_0_region')).toEqual(['TX', 'Texas']);
    expect(selected(page, 'area_0_country')).toEqual(['AU', 'Australia']);
    // WA is a US state and an Australian one: the country decides which is shown.
    expect(selected(page, 'area_0_region')).toEqual(['WA', 'Western Australia']);
  });

  it('refuses a region of another country, or a country not on the list, with a clear message', async () => {
    const member = await signedIn(s, 'rows-wrong@example.org');
    const r = await postForm(member, '/dashboard', '/dashboard/profile', profileForm({ office_0_country: 'CA', office_0_region: 'TX', area_0_country: 'Narnia' }));
    expect(r.status).toBe(400);
    expect(r.html).toContain('Choose a state or region of Canada from the list, or “None, or not listed”.');
    expect(r.html).toContain('Choose the country from the list.');
    expect(await s.db.db.selectFrom('mediators').innerJoin('users', 'users.id', 'mediators.user_id').select('mediators.id').where('users.email', '=', 'rows-wrong@example.org').executeTakeFirst()).toBeUndefined();
  });

  it('adds an empty office or credential on request, keeping what was typed and saving nothing', async () => {
    const member = await signedIn(s, 'rows-add@example.org');
    const typed = profileForm({ name: 'Typed Not Saved', office_0_city: 'Austin' });
    const r = await postForm(member, '/dashboard', '/dashboard/profile', [...typed, ['add', 'office']]);
    expect(r.status).toBe(200);
    expect(r.html).toContain('An empty office is added to the form below. Nothing is saved until you press “Save profile”.');
    expect(r.html).toContain('value="Typed Not Saved"');
    expect(r.html).toContain('id="office_0_city" name="office_0_city" type="text" value="Austin"');
    expect(r.html).toMatch(/<legend data-row-legend>Office 2<\/legend>/);
    expect(r.html).toMatch(/id="office_1_label"[^>]*autofocus/);
    expect(r.html).not.toContain('id="office_2_label"');
    expect(await s.db.db.selectFrom('mediators').innerJoin('users', 'users.id', 'mediators.user_id').select('mediators.id').where('users.email', '=', 'rows-add@example.org').executeTakeFirst()).toBeUndefined();

    const credential = await postForm(member, '/dashboard', '/dashboard/profile', [...typed, ['add', 'credential']]);
    expect(credential.html).toMatch(/<legend data-row-legend>Credential 2<\/legend>/);
    expect(credential.html).toMatch(/id="credential_1_title"[^>]*autofocus/);
    expect(credential.html).toContain('value="Certified Family Mediator"');
  });

  it('removes the office asked for, keeping the others as typed, and Enter in a field still saves', async () => {
    const member = await signedIn(s, 'rows-remove@example.org');
    const typed = profileForm({ office_1_label: 'Second office', office_1_postal_code: '10001', office_2_label: 'Third office', office_2_postal_code: '60601' });
    const r = await postForm(member, '/dashboard', '/dashboard/profile', [...typed, ['remove', 'office_1']]);
    expect(r.status).toBe(200);
    expect(r.html).toContain('The office is taken out of the form below.');
    expect(r.html).toContain('value="Downtown office"');
    expect(r.html).toContain('value="Third office"');
    expect(r.html).not.toContain('Second office');
    expect(r.html).not.toContain('id="office_2_label"');
    // The first button in the form, the one Enter presses, saves.
    const form = /<form method="post" action="\/dashboard\/profile"[\s\S]*?<button([^>]*)>/.exec(r.html)![1]!;
    expect(form).toContain('type="submit"');
    expect(form).not.toContain('name=');
    // A made-up button value is an ordinary save.
    const odd = await postForm(member, '/dashboard', '/dashboard/profile', [...profileForm(), ['remove', 'offices_x']]);
    expect(odd.status).toBe(303);
  });
});
