-- Red packets' money rules, held by the database (issue 13): code that gets one wrong fails its
-- transaction instead of writing a wrong state.
--
-- A share moves forward only: free → grabbed (mark) → claimed, or → refunded; its packet, place
-- and amount never change, it is never deleted, and it is inserted free.
CREATE FUNCTION share_transitions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'red packet shares are never deleted' USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.claimed_by IS NOT NULL OR NEW.refunded_at IS NOT NULL OR NEW.mark IS NOT NULL THEN
      RAISE EXCEPTION 'a share is cut free' USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.packet_id <> OLD.packet_id OR NEW.seq <> OLD.seq OR NEW.amount <> OLD.amount THEN
    RAISE EXCEPTION 'a share''s packet, place and amount never change' USING ERRCODE = 'P0001';
  END IF;
  IF OLD.claimed_by IS NOT NULL AND (NEW.claimed_by IS DISTINCT FROM OLD.claimed_by OR NEW.claimed_at IS DISTINCT FROM OLD.claimed_at) THEN
    RAISE EXCEPTION 'a claimed share stays claimed by its claimer' USING ERRCODE = 'P0001';
  END IF;
  IF OLD.refunded_at IS NOT NULL AND (NEW.refunded_at IS DISTINCT FROM OLD.refunded_at OR NEW.claimed_by IS NOT NULL) THEN
    RAISE EXCEPTION 'a refunded share never changes' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER share_transitions BEFORE INSERT OR UPDATE OR DELETE ON red_packet_shares FOR EACH ROW EXECUTE FUNCTION share_transitions();
--> statement-breakpoint
-- Claiming a share pays it: the ledger row comes from the share itself, in the same statement.
CREATE FUNCTION share_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_entries (user_id, coin_id, amount, kind, packet_id, created_at)
  SELECT NEW.claimed_by, p.coin_id, NEW.amount, 'packet_claim', NEW.packet_id, NEW.claimed_at FROM red_packets p WHERE p.id = NEW.packet_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER share_claim AFTER UPDATE OF claimed_by ON red_packet_shares FOR EACH ROW
  WHEN (OLD.claimed_by IS NULL AND NEW.claimed_by IS NOT NULL) EXECUTE FUNCTION share_claim();
--> statement-breakpoint
-- ...and nothing else writes a claim row (only share_claim, one trigger level down).
CREATE FUNCTION ledger_claims_by_share_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind = 'packet_claim' AND pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'a claim is paid by claiming its share' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_claims_by_share_only BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_claims_by_share_only();
--> statement-breakpoint
-- A packet's terms never change; it gets its message once and is refunded once.
CREATE FUNCTION packet_terms_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'red packets are never deleted' USING ERRCODE = 'P0001';
  END IF;
  IF (NEW.public_id, NEW.sender_id, NEW.coin_id, NEW.type, NEW.count, NEW.total, NEW.new_members_only, NEW.channel_type, NEW.target_id, NEW.created_at, NEW.expires_at)
     IS DISTINCT FROM (OLD.public_id, OLD.sender_id, OLD.coin_id, OLD.type, OLD.count, OLD.total, OLD.new_members_only, OLD.channel_type, OLD.target_id, OLD.created_at, OLD.expires_at)
     OR (OLD.message_id IS NOT NULL AND NEW.message_id IS DISTINCT FROM OLD.message_id)
     OR (OLD.refunded_at IS NOT NULL AND NEW.refunded_at IS DISTINCT FROM OLD.refunded_at) THEN
    RAISE EXCEPTION 'a red packet''s terms never change' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER packet_terms_fixed BEFORE UPDATE OR DELETE ON red_packets FOR EACH ROW EXECUTE FUNCTION packet_terms_fixed();
--> statement-breakpoint
-- At commit of the transaction that sends or refunds a packet: its shares add up to its count
-- and total, its sender paid exactly the total, and once refunded nothing is free and the
-- refund row is exactly what the refunded shares hold.
CREATE FUNCTION packet_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n int; total numeric; refunded numeric; free int; sent bigint; refund bigint;
BEGIN
  SELECT count(*), coalesce(sum(amount), 0), coalesce(sum(amount) FILTER (WHERE refunded_at IS NOT NULL), 0),
         count(*) FILTER (WHERE claimed_by IS NULL AND refunded_at IS NULL)
    INTO n, total, refunded, free FROM red_packet_shares WHERE packet_id = NEW.id;
  IF n <> NEW.count OR total <> NEW.total THEN
    RAISE EXCEPTION 'red packet %: its shares must add up to its count and total', NEW.id USING ERRCODE = '23514';
  END IF;
  SELECT amount INTO sent FROM ledger_entries WHERE packet_id = NEW.id AND kind = 'packet_send';
  IF sent IS DISTINCT FROM -NEW.total THEN
    RAISE EXCEPTION 'red packet %: its sender must be debited exactly its total', NEW.id USING ERRCODE = '23514';
  END IF;
  SELECT amount INTO refund FROM ledger_entries WHERE packet_id = NEW.id AND kind = 'packet_refund';
  IF NEW.refunded_at IS NULL THEN
    IF refund IS NOT NULL OR refunded <> 0 THEN
      RAISE EXCEPTION 'red packet %: refunded without being marked refunded', NEW.id USING ERRCODE = '23514';
    END IF;
  ELSIF free <> 0 OR coalesce(refund, 0) <> refunded THEN
    RAISE EXCEPTION 'red packet %: a refund returns exactly the shares left', NEW.id USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER packet_balanced AFTER INSERT OR UPDATE ON red_packets DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION packet_balanced();
--> statement-breakpoint
-- A share is refunded only with its packet (which packet_balanced then checks).
CREATE FUNCTION share_refund_with_packet() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM red_packets WHERE id = NEW.packet_id AND refunded_at IS NOT NULL) THEN
    RAISE EXCEPTION 'red packet %: a share is refunded only with its packet', NEW.packet_id USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER share_refund_with_packet AFTER UPDATE OF refunded_at ON red_packet_shares DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.refunded_at IS NULL AND NEW.refunded_at IS NOT NULL) EXECUTE FUNCTION share_refund_with_packet();
