-- Claims of a hot red packet come hundreds to a statement (claim-packet.ts); the row-level
-- triggers of 0010-0013 paid each share with its own ledger INSERT and balance upsert — a
-- dozen nested statements per share. The same rules, set-based: one ledger INSERT for every
-- share a statement claimed, one balance write per statement for every ledger row it added.
--
-- A claimed share pays its claimer: the ledger rows of every share the statement moved from
-- unclaimed to claimed (a statement-level trigger sees them as transition tables; those cannot
-- name columns, so it fires on every UPDATE of shares and picks the claims out itself).
DROP TRIGGER share_claim ON red_packet_shares;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION share_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_entries (user_id, coin_id, amount, kind, packet_id, created_at)
  SELECT n.claimed_by, p.coin_id, n.amount, 'packet_claim', n.packet_id, n.claimed_at
  FROM claimed_new n
  JOIN claimed_old o ON o.id = n.id
  JOIN red_packets p ON p.id = n.packet_id
  WHERE o.claimed_by IS NULL AND n.claimed_by IS NOT NULL
  ORDER BY n.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER share_claim AFTER UPDATE ON red_packet_shares
  REFERENCING OLD TABLE AS claimed_old NEW TABLE AS claimed_new
  FOR EACH STATEMENT EXECUTE FUNCTION share_claim();
--> statement-breakpoint
-- A ledger row moves its balance: per statement, each balance by the sum of its new rows.
-- Credits add (the row made if missing); debits subtract from the row, and a debit with no row
-- to take from is inserted as it is — balances' CHECK refuses both overdrafts alike, failing
-- the transaction. (A positive amount is inserted as itself: the CHECK never sees a negative
-- proposal, the reason 0011 split the upsert.)
DROP TRIGGER ledger_apply ON ledger_entries;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO balances (user_id, coin_id, amount)
  SELECT user_id, coin_id, sum(amount) FROM ledger_added GROUP BY user_id, coin_id HAVING sum(amount) > 0
  ORDER BY user_id, coin_id
  ON CONFLICT (user_id, coin_id) DO UPDATE SET amount = balances.amount + EXCLUDED.amount;
  WITH d AS (SELECT user_id, coin_id, sum(amount) AS amount FROM ledger_added GROUP BY user_id, coin_id HAVING sum(amount) < 0),
  moved AS (
    UPDATE balances b SET amount = b.amount + d.amount FROM d
    WHERE b.user_id = d.user_id AND b.coin_id = d.coin_id
    RETURNING b.user_id, b.coin_id
  )
  INSERT INTO balances (user_id, coin_id, amount)
  SELECT d.user_id, d.coin_id, d.amount FROM d
  WHERE NOT EXISTS (SELECT 1 FROM moved m WHERE m.user_id = d.user_id AND m.coin_id = d.coin_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_apply AFTER INSERT ON ledger_entries
  REFERENCING NEW TABLE AS ledger_added
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_apply();
--> statement-breakpoint
-- A balance row is written only from ledger rows, whose own foreign keys have just checked the
-- same member and coin: balances' own keys checked them again, twice for every claimed share.
ALTER TABLE "balances" DROP CONSTRAINT "balances_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "balances" DROP CONSTRAINT "balances_coin_id_coins_id_fk";
