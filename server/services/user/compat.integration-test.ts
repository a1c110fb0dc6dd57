// The seed-compatible envelope on the member-account paths: POST /api/compat/<seed path> with a
// JSON body and the seed's headers (FZM-AUTH-TOKEN, FZM-DEVICE) answers {result: 0, message,
// data} on success and {result: <seed code>, message, data: {}} on failure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Parley } from "../../runtime";
import { behindOneProxy, createMember, lastSmsCode, PNG_1x1, startTestParley, TEST_PASSWORD, uniqueIp, uniqueMobile } from "../../testing/harness";

let parley: Parley;
let restoreProxy: () => void;
beforeAll(async () => {
  restoreProxy = behindOneProxy();
  parley = await startTestParley();
});
afterAll(async () => {
  restoreProxy?.();
  await parley?.close();
});

type Envelope = { result: number; message: string; data: Record<string, unknown> };

async function compat(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Envelope> {
  const res = await fetch(`${parley.url}/api/compat${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": uniqueIp(), ...headers },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200); // the seed's clients read `result`, never the status
  return (await res.json()) as Envelope;
}
const ok = (data: unknown = {}) => ({ result: 0, message: "OK", data });
const failed = (result: number) => ({ result, message: expect.any(String), data: {} });

describe("compat envelope: member accounts", () => {
  it("/send/sms, /user/smsLogin, /user/tokenLogin (FZM-AUTH-TOKEN), /user/pwdLogin (FZM-DEVICE)", async () => {
    const mobile = uniqueMobile();
    expect(await compat("/send/sms", { mobile }, { "accept-language": "zh-CN" })).toEqual({ result: 0, message: "操作成功", data: {} });
    expect(await compat("/send/sms", { mobile: "nope" })).toEqual(failed(-1001));
    expect(await compat("/send/sms", { mobile })).toEqual(failed(-1012)); // once a minute

    const code = (await lastSmsCode(parley, mobile))!;
    const wrongCode = await compat("/user/smsLogin", { mobile, code: code === "000000" ? "111111" : "000000" });
    expect(wrongCode).toEqual(failed(-4007));
    const login = await compat("/user/smsLogin", { mobile, code }, { "fzm-device": "Android" });
    expect(login).toMatchObject(ok({ account: mobile, id: expect.any(String), uid: expect.stringMatching(/^\d{8}$/), user_level: 1, token: expect.stringMatching(/^pm_/) }));
    const token = login.data.token as string;

    const me = await compat("/user/tokenLogin", {}, { "fzm-auth-token": token, "fzm-device": "android" });
    expect(me).toEqual(ok({ account: mobile, id: login.data.id, uid: login.data.uid, user_level: 1, avatar: "", username: login.data.username, verified: 2 }));
    expect(await compat("/user/tokenLogin", {})).toEqual(failed(-1003));

    const member = await createMember(parley);
    const pwd = await compat("/user/pwdLogin", { mobile: member.mobile, password: TEST_PASSWORD }, { "fzm-device": "PC" });
    expect(pwd).toMatchObject(ok({ id: String(member.user.id), uid: member.user.markId, token: expect.stringMatching(/^pm_/) }));
    expect(await compat("/user/pwdLogin", { mobile: member.mobile, password: "wrong" })).toEqual(failed(-2001));
    expect(await compat("/user/pwdLogin", { mobile: member.mobile })).toEqual(failed(-1002));
  });

  it("/user/isreg, /user/userInfo", async () => {
    const member = await createMember(parley);
    const other = await createMember(parley);
    expect(await compat("/user/isreg", { mobile: member.mobile })).toEqual(ok({ zb_uid: member.user.markId }));
    expect(await compat("/user/isreg", { mobile: uniqueMobile() })).toEqual(ok({ zb_uid: "0" }));
    expect(await compat("/user/isreg", {})).toEqual(failed(-1002));

    const auth = { "fzm-auth-token": member.token };
    expect(await compat("/user/userInfo", { id: String(other.user.id) }, auth)).toEqual(
      ok({ id: String(other.user.id), sex: 0, name: other.user.nickname, avatar: "", position: "", isFriend: 2, markId: other.user.markId }),
    );
    expect(await compat("/user/userInfo", { id: "999999999999" }, auth)).toEqual(failed(-2001));
    expect(await compat("/user/userInfo", { id: String(other.user.id) })).toEqual(failed(-1003));
  });

  it("/user/editAvatar, /user/editNickname, /user/setPassword", async () => {
    const member = await createMember(parley);
    const auth = { "fzm-auth-token": member.token };
    const up = await fetch(`${parley.url}/api/upload`, { method: "POST", body: PNG_1x1, headers: { authorization: `Bearer ${member.token}`, "x-forwarded-for": uniqueIp() } });
    const { url } = (await up.json()) as { url: string };
    expect(await compat("/user/editAvatar", { avatar: url }, auth)).toEqual(ok());
    expect(await compat("/user/editAvatar", { avatar: "https://elsewhere.example/a.png" }, auth)).toEqual(failed(-1001));
    expect(await compat("/user/editAvatar", { avatar: "/uploads/AAAAAAAAAAAAAAAAAAAAAA" }, auth)).toEqual(failed(-7000));

    expect(await compat("/user/editNickname", { nickname: "Compat Mei" }, auth)).toEqual(ok());
    expect(await compat("/user/editNickname", { nickname: "" }, auth)).toEqual(failed(-1001));
    expect(await compat("/user/editNickname", { nickname: "x" })).toEqual(failed(-1003));

    expect(await compat("/user/setPassword", { password: "a-new-password", oldPassword: "not-it" }, auth)).toEqual(failed(-3000));
    expect(await compat("/user/setPassword", { password: "a-new-password", oldPassword: TEST_PASSWORD }, auth)).toEqual(ok());
    const relogin = await compat("/user/pwdLogin", { mobile: member.mobile, password: "a-new-password" }, { "fzm-device": "ios" });
    expect(relogin).toMatchObject({ result: 0, data: { username: "Compat Mei", avatar: url } });
  });
});
