// A person's contact data is derived from their donor records, never edited in place: after
// an import adds records, the persons it touched are brought up to date from them.
import type Database from 'better-sqlite3';

/**
 * Contact fields of a person: name, postal code and address from the newest record (by
 * donation date, then import order); kana, phone and e-mail from the newest record that has one.
 */
export function refreshPersons(client: Database.Database, personIdsSql: string, params: unknown[]): void {
  const newest = (column: string) =>
    `(SELECT d.${column} FROM donor_records d WHERE d.person_id = persons.id AND d.${column} IS NOT NULL AND d.${column} <> ''
       ORDER BY d.donated_at DESC NULLS LAST, d.id DESC LIMIT 1)`;
  client.prepare(
    `UPDATE persons SET
       name = r.name, postal_code = r.postal_code, address1 = r.address1, address2 = r.address2,
       name_key = r.name_key, address_key = r.address_key,
       kana = ${newest('kana')}, phone = ${newest('phone')}, email = ${newest('email')},
       phone_key = COALESCE(${newest('phone_key')}, ''), email_key = COALESCE(${newest('email_key')}, ''),
       mailable = (r.postal_code IS NOT NULL AND COALESCE(r.address1, '') <> '')
     FROM (
       SELECT * FROM (
         SELECT d.*, ROW_NUMBER() OVER (PARTITION BY d.person_id ORDER BY d.donated_at DESC NULLS LAST, d.id DESC) AS rn
         FROM donor_records d WHERE d.person_id IN (${personIdsSql})
       ) WHERE rn = 1
     ) AS r
     WHERE persons.id = r.person_id`,
  ).run(...params);
}
