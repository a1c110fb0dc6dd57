-- The ledger is the only way a balance moves: inserting a ledger row adds its amount to the
-- balance in the same statement (balances' CHECK refuses an overdraft, failing the transaction);
-- ledger rows are never changed or removed; balances are written by this trigger alone.
CREATE FUNCTION ledger_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO balances (user_id, coin_id, amount) VALUES (NEW.user_id, NEW.coin_id, NEW.amount)
  ON CONFLICT (user_id, coin_id) DO UPDATE SET amount = balances.amount + EXCLUDED.amount;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_apply AFTER INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_apply();
--> statement-breakpoint
CREATE FUNCTION ledger_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger rows are never changed or deleted' USING ERRCODE = 'P0001';
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_immutable BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_immutable();
--> statement-breakpoint
CREATE FUNCTION balances_by_ledger_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'balances change only through ledger_entries' USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER balances_by_ledger_only BEFORE INSERT OR UPDATE OR DELETE ON balances FOR EACH ROW EXECUTE FUNCTION balances_by_ledger_only();
