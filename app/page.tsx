import Link from "next/link";

export default function Home() {
  return (
    <main className="mx-auto max-w-2xl p-8">
      <h1 className="text-3xl font-semibold">Parley</h1>
      <p className="mt-2 text-slate-600">Live chat between shoppers and your support team.</p>
      <ul className="mt-6 list-disc space-y-2 pl-6">
        <li>
          <Link className="text-indigo-600 underline" href="/console">
            Agent console
          </Link>
        </li>
        <li>
          Embed the widget: <code className="rounded bg-slate-200 px-1">{'<script async src="/embed.js" data-site-key="…"></script>'}</code>
        </li>
      </ul>
    </main>
  );
}
