-- The guards of 0010 and 0013 that ran once per row run once per statement (0014 did the same
-- for the triggers that pay): a batch of 256 claims called each of them 256 times. The rules
-- are unchanged; a statement that breaks one for any of its rows fails as a whole.
--
-- A share moves forward only (0013): cut free; its packet, place and amount never change; a
-- claimed share stays its claimer's; a refunded one never changes; it is never deleted. Its id
-- never changes either — share_claim pairs a statement's old and new rows by id to pay them.
DROP TRIGGER share_transitions ON red_packet_shares;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION share_transitions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM moved_old) <> (SELECT count(*) FROM moved_old o JOIN moved_new n ON n.id = o.id) THEN
    RAISE EXCEPTION 'a share''s id never changes' USING ERRCODE = 'P0001';
  END IF;
  IF EXISTS (SELECT 1 FROM moved_old o JOIN moved_new n ON n.id = o.id
             WHERE n.packet_id <> o.packet_id OR n.seq <> o.seq OR n.amount <> o.amount) THEN
    RAISE EXCEPTION 'a share''s packet, place and amount never change' USING ERRCODE = 'P0001';
  END IF;
  IF EXISTS (SELECT 1 FROM moved_old o JOIN moved_new n ON n.id = o.id
             WHERE o.claimed_by IS NOT NULL AND (n.claimed_by IS DISTINCT FROM o.claimed_by OR n.claimed_at IS DISTINCT FROM o.claimed_at)) THEN
    RAISE EXCEPTION 'a claimed share stays claimed by its claimer' USING ERRCODE = 'P0001';
  END IF;
  IF EXISTS (SELECT 1 FROM moved_old o JOIN moved_new n ON n.id = o.id
             WHERE o.refunded_at IS NOT NULL AND (n.refunded_at IS DISTINCT FROM o.refunded_at OR n.claimed_by IS NOT NULL)) THEN
    RAISE EXCEPTION 'a refunded share never changes' USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER share_transitions AFTER UPDATE ON red_packet_shares
  REFERENCING OLD TABLE AS moved_old NEW TABLE AS moved_new
  FOR EACH STATEMENT EXECUTE FUNCTION share_transitions();
--> statement-breakpoint
CREATE FUNCTION share_cut_free() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM cut WHERE claimed_by IS NOT NULL OR claimed_at IS NOT NULL OR refunded_at IS NOT NULL OR mark IS NOT NULL) THEN
    RAISE EXCEPTION 'a share is cut free' USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER share_cut_free AFTER INSERT ON red_packet_shares
  REFERENCING NEW TABLE AS cut
  FOR EACH STATEMENT EXECUTE FUNCTION share_cut_free();
--> statement-breakpoint
CREATE FUNCTION share_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'red packet shares are never deleted' USING ERRCODE = 'P0001';
END $$;
--> statement-breakpoint
CREATE TRIGGER share_never_deleted BEFORE DELETE ON red_packet_shares
  FOR EACH STATEMENT EXECUTE FUNCTION share_never_deleted();
--> statement-breakpoint
-- A claim row is written only by claiming its share (share_claim, one trigger level down).
DROP TRIGGER ledger_claims_by_share_only ON ledger_entries;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_claims_by_share_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 AND EXISTS (SELECT 1 FROM claim_rows WHERE kind = 'packet_claim') THEN
    RAISE EXCEPTION 'a claim is paid by claiming its share' USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_claims_by_share_only AFTER INSERT ON ledger_entries
  REFERENCING NEW TABLE AS claim_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_claims_by_share_only();
--> statement-breakpoint
-- Balances are written by ledger_apply alone (0010).
DROP TRIGGER balances_by_ledger_only ON balances;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION balances_by_ledger_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'balances change only through ledger_entries' USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER balances_by_ledger_only BEFORE INSERT OR UPDATE OR DELETE ON balances
  FOR EACH STATEMENT EXECUTE FUNCTION balances_by_ledger_only();
--> statement-breakpoint
-- A claimed share's member is checked by its ledger row's key, written in the same statement
-- (share_claim): the share's own key checked the same member again.
ALTER TABLE "red_packet_shares" DROP CONSTRAINT "red_packet_shares_claimed_by_users_id_fk";
