package org.paylens.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioLoaderTest {
    private static ScenarioLoader.Source tiny() {
        return ScenarioLoader.read("tiny");
    }

    /** The baseline scenario's text with one line replaced, as a file a user edited. */
    private static ScenarioLoader.Source baselineWith(String from, String to) {
        String text = ScenarioLoader.read("baseline-2019").text();
        assertThat(text).contains(from);
        return new ScenarioLoader.Source("edited.yaml", text.replace(from, to));
    }

    private static int lineOf(String text, String fragment) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line with " + fragment);
    }

    @Test
    void everyBuiltInScenarioLoadsAndIsValid() {
        for (String name : ScenarioLoader.BUILT_IN) {
            Scenario scenario = ScenarioLoader.load(name, List.of());
            assertThat(scenario.name()).isEqualTo(name);
            assertThat(scenario.description()).isNotBlank();
            assertThat(scenario.schemes()).containsKeys("cash", "credit-card", "j-debit", "bank-pay", "j-coin-pay",
                    "ginko-pay", "paypay", "famipay", "rakuten-pay", "d-barai", "au-pay", "suica", "nanaco", "waon");
        }
    }

    @Test
    void builtInListMatchesTheFilesInSampleData() throws IOException {
        Path dir = Path.of(System.getProperty("paylens.projectDir", "."), "sample-data", "scenarios");
        try (var files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml")).map(n -> n.substring(0, n.length() - 5)).sorted().toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(ScenarioLoader.BUILT_IN);
        }
    }

    @Test
    void tinyHasTheKeysLaterStagesRelyOn() {
        Scenario tiny = ScenarioLoader.load("tiny", List.of());
        assertThat(tiny.seed()).isEqualTo(20190930L);
        assertThat(tiny.period().start()).isEqualTo(LocalDate.of(2019, 9, 1));
        assertThat(tiny.period().end()).isEqualTo(LocalDate.of(2019, 10, 31));
        assertThat(tiny.population().consumers()).isEqualTo(2000L);
        assertThat(tiny.operators().get("seven-and-i").name()).isEqualTo("セブン&アイ・ホールディングス");
        assertThat(tiny.faults().rate()).isZero();
        assertThat(tiny.schemes().get("7pay").shutdown()).isEqualTo(LocalDate.of(2019, 9, 30));
    }

    @Test
    void overridesReplaceKeysAsTypedValues() {
        Scenario scenario = ScenarioLoader.parse(tiny(), List.of("population.consumers=5000", "faults.rate=0.02",
                "operators.paypay.name=PayPay (what-if)", "period.end=2019-09-30"));
        assertThat(scenario.population().consumers()).isEqualTo(5000L);
        assertThat(scenario.faults().rate()).isEqualTo(0.02);
        assertThat(scenario.operators().get("paypay").name()).isEqualTo("PayPay (what-if)");
        assertThat(scenario.period().end()).isEqualTo(LocalDate.of(2019, 9, 30));
    }

    @Test
    void aValueOfTheWrongTypeNamesTheOverrideAndTheKey() {
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("population.consumers=abc")))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("--set population.consumers=abc: population.consumers: 'abc' is not a whole number");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheKeysAllowedThere() {
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("population.nope=1")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("--set population.nope=1: population.nope: unknown key 'nope'; allowed here: ")
                .hasMessageContaining("consumers")
                .hasMessageContaining("purchasesPerDay");
    }

    @Test
    void anErrorInAFileNamesTheFileAndLine() {
        ScenarioLoader.Source edited = baselineWith("  consumers: 10000 ", "  consumers: many ");
        int line = lineOf(edited.text(), "consumers: many");
        assertThatThrownBy(() -> ScenarioLoader.parse(edited, List.of()))
                .hasMessage("edited.yaml:" + line + ": population.consumers: 'many' is not a whole number");
    }

    @Test
    void faultKindsAreWeightedAndCheckedByName() {
        Scenario scenario = ScenarioLoader.parse(tiny(), List.of("faults.kinds.duplicate=3"));
        assertThat(scenario.faults().kinds()).containsKeys(Fault.ids().toArray(String[]::new)).containsEntry("duplicate", 3.0);
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("faults.kinds.typo=1")))
                .hasMessageContaining("faults.kinds.typo: is not a kind of fault; allowed: malformed, missing_field, bad_type,");
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("faults.kinds.duplicate=0")))
                .hasMessageContaining("faults.kinds.duplicate: '0.0' is out of range; allowed: more than 0");
    }

    @Test
    void aSchemeCanNameItsPaymentLogFormatAndAnUnknownOneIsAnError() {
        assertThat(ScenarioLoader.parse(tiny(), List.of("schemes.paypay.logFormat=payment-event-avro")).schemes()
                .get("paypay").logFormat()).isEqualTo("payment-event-avro");
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("schemes.paypay.logFormat=yaml")))
                .hasMessageContaining("schemes.paypay.logFormat: 'yaml' is not a payment log format; allowed: card-network-csv,");
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("schemes.cash.logFormat=iso20022-xml")))
                .hasMessageContaining("schemes.cash.logFormat: cash has no payment log");
    }

    @Test
    void anAllianceNeedsTwoKnownMembersAndAnOperatorIsPooledIntoOneAllianceOnly() {
        assertThat(ScenarioLoader.load("consortium-2019", List.of()).alliances().get("bank-consortium").pooled()).isTrue();
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("alliances.lawson-ponta.members=[lawson]")))
                .hasMessageContaining("alliances.lawson-ponta.members: needs at least two different operators");
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("alliances.lawson-ponta.members=[lawson, nobody]")))
                .hasMessageContaining("alliances.lawson-ponta.members.1: 'nobody' is not an operator id");
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("alliances.bank-consortium.pooled=true",
                "alliances.platform-bank-pact.pooled=true")))
                .hasMessageContaining("'mizuho' is pooled in alliance");
    }

    @Test
    void anOutOfRangeValueSaysWhatIsAllowed() {
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("faults.rate=1.5")))
                .hasMessage("--set faults.rate=1.5: faults.rate: '1.5' is out of range; allowed: 0 to 1 (a share of raw records)");
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("population.consumers=0")))
                .hasMessageContaining("population.consumers: '0' is out of range; allowed: 1 to");
    }

    @Test
    void aDanglingReferenceNamesTheKnownIds() {
        ScenarioLoader.Source edited = baselineWith("operator: lawson,", "operator: lawsn,");
        int line = lineOf(edited.text(), "operator: lawsn,");
        assertThatThrownBy(() -> ScenarioLoader.parse(edited, List.of()))
                .hasMessageStartingWith("edited.yaml:" + line + ": chains.lawson.operator: 'lawsn' is not an operator id; known: seven-and-i, familymart, lawson, aeon");
    }

    @Test
    void anEnumValueOutsideItsSetListsTheAllowedValues() {
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("schemes.paypay.kind=wallet")))
                .hasMessage("--set schemes.paypay.kind=wallet: schemes.paypay.kind: 'wallet' is not one of: cash, card, "
                        + "store_wallet, platform_wallet, bank_direct, emoney");
    }

    @Test
    void datesOutOfOrderAreRefused() {
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("period.end=2019-08-01")))
                .hasMessage("--set period.end=2019-08-01: period.end: '2019-08-01' is before period.start 2019-09-01; "
                        + "allowed: a day on or after it");
    }

    @Test
    void sharesThatDoNotAddUpToOneAreRefused() {
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("population.banks.mufg=0.5")))
                .hasMessageContaining("population.banks: shares add up to 1.3")
                .hasMessageContaining("they must add up to 1");
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        ScenarioLoader.Source edited = baselineWith("seed: 20190701", "");
        assertThatThrownBy(() -> ScenarioLoader.parse(edited, List.of()))
                .hasMessage("edited.yaml: seed: missing; this key is required");
    }

    @Test
    void brokenYamlNamesTheLine() {
        ScenarioLoader.Source broken = new ScenarioLoader.Source("broken.yaml", "seed: 1\nperiod: {start: 2019-01-01\n");
        assertThatThrownBy(() -> ScenarioLoader.parse(broken, List.of()))
                .hasMessageStartingWith("broken.yaml:")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void aMissingFileAndAnUnknownNameAreToldApart() {
        assertThatThrownBy(() -> ScenarioLoader.read("/no/such/scenario.yaml"))
                .hasMessage("scenario file not found: /no/such/scenario.yaml");
        assertThatThrownBy(() -> ScenarioLoader.read("baseline-2020"))
                .hasMessage("no built-in scenario named 'baseline-2020'; built-in: tiny, baseline-2019, today-2024, breach-2019, consortium-2019, bench (or give the path of a .yaml file)");
    }

    @Test
    void aScenarioFileGivenAsAUriReadsLikeTheSameFileOnDisk(@TempDir Path dir) throws IOException {
        Path base = dir.resolve("base.yaml");
        Files.writeString(base, ScenarioLoader.read("tiny").text());
        Path child = dir.resolve("child.yaml");
        Files.writeString(child, "extends: base.yaml\nname: child\npopulation: {consumers: 123}\n");

        ScenarioLoader.Source source = ScenarioLoader.read(child.toUri().toString());
        assertThat(source.origin()).isEqualTo(child.toUri().toString());
        Scenario fromUri = ScenarioLoader.parse(source, List.of());
        Scenario fromPath = ScenarioLoader.load(child.toString(), List.of());
        assertThat(fromUri.population().consumers()).isEqualTo(123); // and base.yaml was found beside child.yaml
        assertThat(ScenarioLoader.toJson(fromUri)).isEqualTo(ScenarioLoader.toJson(fromPath));
    }

    @Test
    void aUriThatCannotBeReadSaysWhy(@TempDir Path dir) {
        String missing = dir.resolve("absent.yaml").toUri().toString();
        assertThatThrownBy(() -> ScenarioLoader.read(missing)).hasMessage("scenario file not found: " + missing);
        assertThatThrownBy(() -> ScenarioLoader.read("nosuchfs://bucket/my.yaml"))
                .hasMessageStartingWith("nosuchfs://bucket/my.yaml: cannot read scenario file: ")
                .hasMessageContaining("nosuchfs")
                .hasMessageContaining("must be on the class path");
    }

    @Test
    void anOverrideWithoutAnEqualsSignIsExplained() {
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("population.consumers")))
                .hasMessage("--set population.consumers: expected key.path=value, e.g. --set population.consumers=5000");
    }

    @Test
    void aScenarioFileLoadsFromDiskAndTakesItsNameFromTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("my-world.yaml");
        Files.writeString(file, tiny().text());
        Scenario scenario = ScenarioLoader.load(file.toString(), List.of());
        assertThat(scenario.name()).isEqualTo("my-world");
    }

    @Test
    void everyHistoricalSchemeOfTheBackgroundIsInTheBaseline() {
        Scenario baseline = ScenarioLoader.load("baseline-2019", List.of());
        assertThat(baseline.schemes().keySet()).contains("7pay");
        SchemeSpec sevenPay = baseline.schemes().get("7pay");
        assertThat(sevenPay.launch()).isEqualTo(LocalDate.of(2019, 7, 1));
        assertThat(sevenPay.shutdown()).isEqualTo(LocalDate.of(2019, 9, 30));
        assertThat(sevenPay.events().breach().start()).isEqualTo(LocalDate.of(2019, 7, 2));
        assertThat(sevenPay.events().topupFreeze()).isEqualTo(LocalDate.of(2019, 7, 4));
        assertThat(sevenPay.acceptedAt()).containsExactly("seven-eleven");
    }

    @Test
    void anExtendingScenarioChangesOnlyWhatItSays() {
        Scenario baseline = ScenarioLoader.load("baseline-2019", List.of());
        Scenario tiny = ScenarioLoader.load("tiny", List.of());
        assertThat(tiny.population().consumers()).isEqualTo(2000L);
        assertThat(tiny.population().banks()).isEqualTo(baseline.population().banks());
        // a mapping merges key by key: tiny sets 7pay's adoption and weight, the rest is the baseline's
        assertThat(tiny.schemes().get("7pay").adoption()).isEqualTo(0.35);
        assertThat(tiny.schemes().get("7pay").events()).isEqualTo(baseline.schemes().get("7pay").events());
        // a list replaces
        assertThat(tiny.calibration()).isEmpty();
        // null removes
        Scenario today = ScenarioLoader.load("today-2024", List.of());
        assertThat(today.schemes()).doesNotContainKey("7pay");
    }

    @Test
    void anErrorInheritedFromTheExtendedFileNamesThatFile(@TempDir Path dir) throws IOException {
        Path base = dir.resolve("base.yaml");
        Files.writeString(base, ScenarioLoader.read("baseline-2019").text().replace("operator: lawson,", "operator: lawsn,"));
        Path child = dir.resolve("child.yaml");
        Files.writeString(child, "extends: base.yaml\ndescription: a what-if\nseed: 5\n");
        int line = lineOf(Files.readString(base), "operator: lawsn,");
        assertThatThrownBy(() -> ScenarioLoader.load(child.toString(), List.of()))
                .hasMessageStartingWith(base + ":" + line + ": chains.lawson.operator: 'lawsn' is not an operator id");
        Files.writeString(child, "extends: base.yaml\nchains:\n  lawson: {operator: lawson}\n");
        assertThat(ScenarioLoader.load(child.toString(), List.of()).name()).isEqualTo("child");
    }

    @Test
    void extendingAMissingScenarioNamesTheLine(@TempDir Path dir) throws IOException {
        Path child = dir.resolve("child.yaml");
        Files.writeString(child, "description: x\nextends: nowhere.yaml\n");
        assertThatThrownBy(() -> ScenarioLoader.load(child.toString(), List.of()))
                .hasMessage(child + ":2: extends: scenario file not found: nowhere.yaml");
    }

    @Test
    void schemeEventsAreChecked() {
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("schemes.7pay.events.migration.nowhere=0.1")))
                .hasMessageContaining("schemes.7pay.events.migration.nowhere: 'nowhere' is not another scheme's id");
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("schemes.7pay.events.migration.paypay=0.9")))
                .hasMessageContaining("schemes.7pay.events.migration: shares add up to 1.25");
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("schemes.suica.events.topupFreeze=2019-09-10",
                "schemes.suica.funding=direct")))
                .hasMessageContaining("schemes.suica");
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("schemes.7pay.events.breach.end=2019-07-01")))
                .hasMessageContaining("schemes.7pay.events.breach.end: '2019-07-01' is before breach.start 2019-07-02");
    }

    @Test
    void banksAndIssuersMustBeOperators() {
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("population.banks.nobank=0.1")))
                .hasMessageContaining("population.banks.nobank: 'nobank' is not an operator id; known: seven-and-i");
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("population.banks.paypay=0.1")))
                .hasMessageContaining("population.banks.paypay: operator 'paypay' is a platform_wallet; a consumer's bank must be of kind bank");
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("population.cardIssuers.nobody=0.1")))
                .hasMessageContaining("population.cardIssuers.nobody: 'nobody' is not an operator id");
    }

    @Test
    void populationBandsAreChecked() {
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("population.ageBands.under-40.walletAffinity=0")))
                .hasMessage("--set population.ageBands.under-40.walletAffinity=0: population.ageBands.under-40.walletAffinity: "
                        + "'0.0' is out of range; allowed: more than 0");
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("population.incomeBands.low.share=0.5")))
                .hasMessageContaining("population.incomeBands.*.share: shares add up to 1.2");
    }

    @Test
    void fundingMustFitTheScheme() {
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("schemes.paypay.topupYen=null")))
                .hasMessageContaining("schemes.paypay.topupYen: missing; this key is required");
        assertThatThrownBy(() -> ScenarioLoader.parse(tiny(), List.of("schemes.credit-card.funding=cash")))
                .hasMessageContaining("schemes.credit-card.funding: 'cash' does not fit kind card");
    }

    @Test
    void calibrationTargetsNeedWhatTheirMeasureNeeds() {
        assertThatThrownBy(() -> ScenarioLoader.parse(ScenarioLoader.read("today-2024"),
                List.of("calibration.1.method=null")))
                .hasMessageContaining("calibration.1.method: missing; this key is required");
    }

    @Test
    void theResolvedScenarioRoundTripsThroughJson() {
        Scenario scenario = ScenarioLoader.parse(tiny(), List.of("population.consumers=123"));
        Scenario again = ScenarioLoader.parse(new ScenarioLoader.Source("run.json", ScenarioLoader.toJson(scenario)), List.of());
        assertThat(again).isEqualTo(scenario);
    }
}
