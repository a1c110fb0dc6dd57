"use client";
// A new room (name and picture: chatRoom.addGroup) or an existing one's (editGroupName,
// editAvatar — only what changed). The picture is uploaded when it is picked, so Save only
// sends its address.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { TRoom } from "../../_lib/admin-api";
import { uploadImage } from "../../_lib/upload";
import { useAdmin } from "../admin-context";
import { Avatar } from "../ui/avatar";
import { btn, field, label } from "../ui/buttons";
import { Dialog } from "../ui/dialog";
import { ImageIcon } from "../ui/icons";
import { useText } from "../ui/use-text";

/** seed rooms' names are short; the server has the last word */
export const ROOM_NAME_MAX = 32;
const IMAGE_TYPES = "image/png,image/jpeg,image/gif,image/webp";

export function RoomFormDialog(p: { open: boolean; room: TRoom | null; onClose(): void; onSaved(name: string, created: boolean): void }) {
  const [tr, locale] = useText();
  const { api, fail } = useAdmin();
  const editing = p.room;
  const [name, setName] = useState(editing?.groupName ?? "");
  const [avatar, setAvatar] = useState(editing?.avatar ?? "");
  const [uploading, setUploading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const ids = { name: useId(), file: useId() };
  const previewUrl = useObjectUrl();

  async function onPick(file: File | undefined) {
    if (!file) return;
    setError(null);
    setUploading(true);
    previewUrl.set(file);
    try {
      const up = await uploadImage(file, locale, { notImage: tr("rooms.form.notImage"), failed: tr("rooms.form.uploadFailed") });
      setAvatar(up.url);
    } catch (err) {
      previewUrl.set(null);
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = "";
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const groupName = name.trim();
    if (!groupName) return setError(tr("rooms.form.nameNeeded"));
    if (saving || uploading) return;
    setSaving(true);
    setError(null);
    try {
      if (!editing) {
        await api.chatRoom.addGroup.mutate(avatar ? { groupName, avatar } : { groupName });
      } else {
        if (groupName !== editing.groupName) await api.chatRoom.editGroupName.mutate({ groupId: editing.groupId, groupName });
        if (avatar && avatar !== editing.avatar) await api.chatRoom.editAvatar.mutate({ groupId: editing.groupId, avatar });
      }
      p.onSaved(groupName, !editing);
    } catch (err) {
      setError(fail(err));
      setSaving(false);
    }
  }

  const shown = previewUrl.url ?? avatar;
  const testId = editing ? "admin-room-edit" : "admin-room-create";
  return (
    <Dialog
      open={p.open}
      onClose={p.onClose}
      title={editing ? tr("rooms.form.editTitle", { name: editing.groupName }) : tr("rooms.form.createTitle")}
      description={editing ? undefined : tr("rooms.form.createHint")}
      closeLabel={tr("common.close")}
      testId={testId}
      busy={saving}
    >
      <form onSubmit={onSubmit} noValidate>
        <div className="space-y-4 px-5 py-4">
          <div>
            <label htmlFor={ids.name} className={label}>
              {tr("rooms.form.name")}
            </label>
            <input
              id={ids.name}
              data-autofocus
              data-testid={`${testId}-name`}
              value={name}
              maxLength={ROOM_NAME_MAX}
              onChange={(e) => setName(e.target.value)}
              autoComplete="off"
              required
              className={field}
            />
          </div>
          <div>
            <span className={label} id={`${ids.file}-label`}>
              {tr("rooms.form.avatar")}
            </span>
            <div className="flex items-center gap-3">
              {shown ? (
                // eslint-disable-next-line @next/next/no-img-element -- a local preview or a Parley upload
                <img src={shown} alt="" className="h-16 w-16 rounded-xl bg-slate-100 object-cover" data-testid={`${testId}-preview`} />
              ) : editing ? (
                <Avatar id={editing.groupId} name={name || editing.groupName} size="lg" square />
              ) : (
                <span className="flex h-16 w-16 items-center justify-center rounded-xl bg-slate-100 text-slate-400">
                  <ImageIcon className="h-7 w-7" />
                </span>
              )}
              <div className="min-w-0">
                <input
                  ref={fileInput}
                  id={ids.file}
                  type="file"
                  accept={IMAGE_TYPES}
                  className="sr-only"
                  aria-labelledby={`${ids.file}-label`}
                  data-testid={`${testId}-file`}
                  onChange={(e) => void onPick(e.target.files?.[0])}
                />
                <button type="button" className={btn.secondary} onClick={() => fileInput.current?.click()} disabled={uploading || saving}>
                  {uploading ? tr("rooms.form.uploading") : shown ? tr("rooms.form.changeAvatar") : tr("rooms.form.pickAvatar")}
                </button>
                <p className="mt-1 text-xs text-slate-500">{tr("rooms.form.avatarHint")}</p>
              </div>
            </div>
          </div>
          {error && (
            <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200" data-testid={`${testId}-error`}>
              {error}
            </p>
          )}
        </div>
        <div className="flex flex-col-reverse gap-2 border-t border-slate-100 px-5 py-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] sm:flex-row sm:justify-end">
          <button type="button" onClick={p.onClose} disabled={saving} className={btn.secondary}>
            {tr("common.cancel")}
          </button>
          <button type="submit" disabled={saving || uploading} className={btn.primary} data-testid={`${testId}-submit`}>
            {saving ? tr("common.saving") : editing ? tr("common.save") : tr("rooms.form.create")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** an object URL for a picked file, revoked when replaced or unmounted */
function useObjectUrl() {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return { url, set: (f: Blob | null) => setUrl(f ? URL.createObjectURL(f) : null) };
}
