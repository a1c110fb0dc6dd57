-- ledger_apply as 0010 wrote it upserted the row's amount, and PostgreSQL checks the proposed
-- row (a debit's negative amount) against balances' CHECK before resolving the conflict: every
-- debit failed. Make sure the row exists (at 0), then add to it: the CHECK now sees the sum.
CREATE OR REPLACE FUNCTION ledger_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO balances (user_id, coin_id, amount) VALUES (NEW.user_id, NEW.coin_id, 0) ON CONFLICT (user_id, coin_id) DO NOTHING;
  UPDATE balances SET amount = amount + NEW.amount WHERE user_id = NEW.user_id AND coin_id = NEW.coin_id;
  RETURN NEW;
END $$;
