export * from "./users";
export * from "./sites";
export * from "./support";
export * from "./messages";
export * from "./uploads";
export * from "./members";
export * from "./groups";
export * from "./rooms";
