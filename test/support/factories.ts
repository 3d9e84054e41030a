import type { Engine } from '../../src/config.ts';
import type { Db } from '../../src/db/database.ts';
import { insertMediators } from '../../src/directory/write.ts';
import type { MediatorInput, Office } from '../../src/directory/types.ts';
import { TEST_NOW } from './server.ts';

let counter = 0;

/** An office at a point, with plausible address fields. */
export function office(lat: number, lon: number, more: Partial<Office> = {}): Office {
  return { label: 'Main office', address: '100 Main St', city: 'Testville', region: 'TX', postalCode: '78701', country: 'US', lat, lon, ...more };
}

/** A complete, published, accepting mediator; override what the test is about. */
export function mediatorInput(over: Partial<MediatorInput> = {}): MediatorInput {
  counter += 1;
  return {
    name: `Test Mediator ${counter}`,
    headline: 'Family mediator for parents who want to stay out of court',
    bio: 'I help people in conflict talk to each other and reach agreements they can live with. '.repeat(4),
    practiceAreas: ['family'],
    languages: ['en'],
    formats: ['in_person', 'online'],
    feeMin: 150,
    feeMax: 250,
    feeCurrency: 'USD',
    freeConsultation: true,
    credentials: [{ title: 'Certified Family Mediator', issuer: 'Test Mediation Council', year: 2015 }],
    yearsInPractice: 10,
    mediationsCount: 300,
    acceptingCases: true,
    acceptingConfirmedAt: new Date(TEST_NOW.getTime() - 5 * 86_400_000).toISOString(),
    status: 'published',
    offices: [office(30.2672, -97.7431, { city: 'Austin' })],
    ...over,
  };
}

export async function createMediators(db: Db, engine: Engine, inputs: MediatorInput[]): Promise<number[]> {
  return db.transaction().execute((trx) => insertMediators({ db: trx, engine }, inputs, TEST_NOW));
}

export async function createMediator(db: Db, engine: Engine, over: Partial<MediatorInput> = {}): Promise<number> {
  const [id] = await createMediators(db, engine, [mediatorInput(over)]);
  return id!;
}
