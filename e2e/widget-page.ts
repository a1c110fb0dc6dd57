// What the specs do in the shopper's widget, as a person does it.
import { expect, type FrameLocator } from "@playwright/test";

/**
 * Click into the box, type, and check the text is there. No retry: when typed text vanished
 * (1 open in ~100 under load), it was Chromium routing keystrokes to the shop's page after
 * embed.js focused the widget's frame while it was still loading — a product bug, fixed in
 * embed.js (focusFrame). If text vanishes again, this must fail, not try until it passes.
 */
export async function typeInto(widget: FrameLocator, text: string) {
  const box = widget.getByTestId("widget-input");
  await box.click();
  await box.fill(text);
  await expect(box).toHaveValue(text);
}
