// main.tsx imports this between React DOM and the rest of the app. Evaluating the entry script was
// one main-thread task (28 ms of CPU on this machine, ×4 on Lighthouse's simulated phone, which
// counts everything over 50 ms as blocking time). Waiting for a new task at the top level of a
// module ends that task here: the modules after it (React Router, the app) evaluate in the next
// one, and the browser may paint or answer input in between.
await new Promise((resolve) => setTimeout(resolve, 0));

export {};
