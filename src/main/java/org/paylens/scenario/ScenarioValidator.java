package org.paylens.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The checks that types alone cannot make: ranges, order of dates, sums of shares, references between ids. */
final class ScenarioValidator {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final double SUM_TOLERANCE = 1e-6;
    static final long MAX_CONSUMERS = 1_000_000_000L;
    static final int MAX_DAYS = 3_660;

    private final List<Problem> problems = new ArrayList<>();
    private final Scenario scenario;

    private ScenarioValidator(Scenario scenario) {
        this.scenario = scenario;
    }

    static List<Problem> check(Scenario scenario) {
        ScenarioValidator validator = new ScenarioValidator(scenario);
        validator.checkAll();
        return List.copyOf(validator.problems);
    }

    private void checkAll() {
        required("seed", scenario.seed());
        checkPeriod();
        checkOperators();
        checkPopulation();
        checkFaults();
        checkChains();
        checkSchemes();
        checkLoyalty();
        checkVisibility();
        checkCalibration();
        checkAlliances();
        checkMeasures();
    }

    private void checkPeriod() {
        Period period = scenario.period();
        if (!required("period", period)) {
            return;
        }
        boolean hasStart = required("period.start", period.start());
        boolean hasEnd = required("period.end", period.end());
        if (hasStart && hasEnd) {
            if (period.end().isBefore(period.start())) {
                problem("period.end", "'" + period.end() + "' is before period.start " + period.start() + "; allowed: a day on or after it");
            } else if (period.days() > MAX_DAYS) {
                problem("period.end", "the period spans " + period.days() + " days; allowed: at most " + MAX_DAYS);
            }
        }
    }

    private void checkPopulation() {
        Population population = scenario.population();
        if (!required("population", population)) {
            return;
        }
        if (required("population.consumers", population.consumers())
                && (population.consumers() < 1 || population.consumers() > MAX_CONSUMERS)) {
            problem("population.consumers", "'" + population.consumers() + "' is out of range; allowed: 1 to " + MAX_CONSUMERS);
        }
        if (required("population.purchasesPerDay", population.purchasesPerDay())
                && (population.purchasesPerDay() <= 0 || population.purchasesPerDay() > 20)) {
            problem("population.purchasesPerDay", "'" + population.purchasesPerDay() + "' is out of range; allowed: more than 0, at most 20");
        }
        if (required("population.cardHolderShare", population.cardHolderShare())) {
            share("population.cardHolderShare", population.cardHolderShare());
        }
        if (population.banks().isEmpty()) {
            problem("population.banks", "missing; give each bank operator's share of consumers, e.g. mufg: 0.3");
        }
        for (Map.Entry<String, Double> bank : population.banks().entrySet()) {
            String key = "population.banks." + bank.getKey();
            OperatorSpec operator = scenario.operator(bank.getKey());
            operatorRef(key, bank.getKey());
            if (operator != null && operator.kind() != OperatorKind.BANK) {
                problem(key, "operator '" + bank.getKey() + "' is a " + operator.kind().id() + "; a consumer's bank must be of kind bank");
            }
            share(key, bank.getValue());
        }
        sumsToOne("population.banks", population.banks().values().stream().mapToDouble(d -> d == null ? 0 : d).sum());
        boolean needsIssuers = scenario.schemes().values().stream()
                .anyMatch(s -> s != null && (s.funding() == Funding.CREDIT || s.topupFrom() == TopupSource.CARD));
        if (needsIssuers || !population.cardIssuers().isEmpty()) {
            if (population.cardIssuers().isEmpty()) {
                problem("population.cardIssuers", "missing; card payments need each issuer operator's share of card holders");
            }
            for (Map.Entry<String, Double> issuer : population.cardIssuers().entrySet()) {
                String key = "population.cardIssuers." + issuer.getKey();
                // Any operator can issue cards (Rakuten, AEON and docomo do), so only existence is checked.
                operatorRef(key, issuer.getKey());
                share(key, issuer.getValue());
            }
            if (!population.cardIssuers().isEmpty()) {
                sumsToOne("population.cardIssuers", population.cardIssuers().values().stream().mapToDouble(d -> d == null ? 0 : d).sum());
            }
        }
        sharesOf("population.regions", population.regions());
        bands("population.ageBands", population.ageBands(), Population.AgeBand::share,
                Map.of("walletAffinity", Population.AgeBand::walletAffinity), "share and walletAffinity");
        bands("population.incomeBands", population.incomeBands(), Population.IncomeBand::share,
                Map.of("spendFactor", Population.IncomeBand::spendFactor, "cardAffinity", Population.IncomeBand::cardAffinity),
                "share, spendFactor and cardAffinity");
    }

    /** Bands of the population: each with a share (the shares sum to 1) and factors that must be positive. */
    private <T> void bands(String key, Map<String, T> bands, java.util.function.Function<T, Double> share,
                           Map<String, java.util.function.Function<T, Double>> factors, String what) {
        if (bands.isEmpty()) {
            problem(key, "missing; give each band's " + what);
            return;
        }
        double shares = 0;
        for (Map.Entry<String, T> band : bands.entrySet()) {
            String bandKey = key + "." + band.getKey();
            if (!required(bandKey, band.getValue())) {
                continue;
            }
            Double value = share.apply(band.getValue());
            if (required(bandKey + ".share", value)) {
                share(bandKey + ".share", value);
                shares += value;
            }
            factors.keySet().stream().sorted().forEach(name -> positive(bandKey + "." + name, factors.get(name).apply(band.getValue())));
        }
        sumsToOne(key + ".*.share", shares);
    }

    private void sharesOf(String key, Map<String, Double> shares) {
        if (shares.isEmpty()) {
            problem(key, "missing; give each entry's share, summing to 1");
            return;
        }
        double sum = 0;
        for (Map.Entry<String, Double> entry : shares.entrySet()) {
            idShape(key + "." + entry.getKey(), entry.getKey());
            if (required(key + "." + entry.getKey(), entry.getValue())) {
                share(key + "." + entry.getKey(), entry.getValue());
                sum += entry.getValue();
            }
        }
        sumsToOne(key, sum);
    }

    private void positive(String key, Double value) {
        if (required(key, value) && !(value > 0)) {
            problem(key, "'" + value + "' is out of range; allowed: more than 0");
        }
    }

    private void checkFaults() {
        if (scenario.faults().rate() < 0 || scenario.faults().rate() > 1) {
            problem("faults.rate", "'" + scenario.faults().rate() + "' is out of range; allowed: 0 to 1 (a share of raw records)");
        }
        scenario.faults().kinds().forEach((kind, weight) -> {
            if (!Fault.ids().contains(kind)) {
                problem("faults.kinds." + kind, "is not a kind of fault; allowed: " + String.join(", ", Fault.ids()));
            } else {
                positive("faults.kinds." + kind, weight);
            }
        });
    }

    private void checkOperators() {
        if (scenario.operators().isEmpty()) {
            problem("operators", "missing; a scenario needs at least one operator");
        }
        scenario.operators().forEach((id, operator) -> {
            String key = "operators." + id;
            idShape(key, id);
            if (!required(key, operator)) {
                return;
            }
            if (operator.name() == null || operator.name().isBlank()) {
                problem(key + ".name", "missing; give the operator's display name");
            }
            required(key + ".kind", operator.kind());
        });
    }

    private void checkChains() {
        if (scenario.chains().isEmpty()) {
            problem("chains", "missing; a scenario needs at least one chain or class of shops");
        }
        double visitShares = 0;
        for (Map.Entry<String, ChainSpec> entry : scenario.chains().entrySet()) {
            String key = "chains." + entry.getKey();
            ChainSpec chain = entry.getValue();
            idShape(key, entry.getKey());
            if (!required(key, chain)) {
                continue;
            }
            if (chain.name() == null || chain.name().isBlank()) {
                problem(key + ".name", "missing; give the chain's display name");
            }
            if (chain.operator() != null) {
                operatorRef(key + ".operator", chain.operator());
            }
            if (chain.acquirer() != null) {
                operatorRef(key + ".acquirer", chain.acquirer());
            }
            if (chain.categories().isEmpty()) {
                problem(key + ".categories", "missing; give household-spending categories with their shares of items, e.g. {food: 0.9, household: 0.1}");
            } else {
                sharesOf(key + ".categories", chain.categories());
            }
            // Store numbers have five digits in merchant ids.
            if (required(key + ".stores", chain.stores()) && (chain.stores() < 1 || chain.stores() > 99_999)) {
                problem(key + ".stores", "'" + chain.stores() + "' is out of range; allowed: 1 to 99999");
            }
            if (required(key + ".visitShare", chain.visitShare())) {
                share(key + ".visitShare", chain.visitShare());
                visitShares += chain.visitShare();
            }
            if (required(key + ".meanTicket", chain.meanTicket()) && chain.meanTicket() < 1) {
                problem(key + ".meanTicket", "'" + chain.meanTicket() + "' is out of range; allowed: 1 yen or more");
            }
        }
        if (!scenario.chains().isEmpty()) {
            sumsToOne("chains.*.visitShare", visitShares);
        }
    }

    private void checkSchemes() {
        if (scenario.schemes().isEmpty()) {
            problem("schemes", "missing; a scenario needs at least the cash scheme");
        }
        boolean payableEverywhere = false;
        for (Map.Entry<String, SchemeSpec> entry : scenario.schemes().entrySet()) {
            String key = "schemes." + entry.getKey();
            SchemeSpec scheme = entry.getValue();
            idShape(key, entry.getKey());
            if (!required(key, scheme)) {
                continue;
            }
            if (scheme.name() == null || scheme.name().isBlank()) {
                problem(key + ".name", "missing; give the scheme's display name");
            }
            boolean hasKind = required(key + ".kind", scheme.kind());
            if (scheme.operator() != null) {
                operatorRef(key + ".operator", scheme.operator());
            } else if (hasKind && scheme.kind() != SchemeKind.CASH) {
                problem(key + ".operator", "missing; every scheme but cash has an operator");
            }
            for (int i = 0; i < scheme.acceptedAt().size(); i++) {
                String chain = scheme.acceptedAt().get(i);
                if (!scenario.chains().containsKey(chain)) {
                    problem(key + ".acceptedAt." + i, "'" + chain + "' is not a chain id; known: " + String.join(", ", scenario.chains().keySet()));
                }
            }
            if (required(key + ".adoption", scheme.adoption())) {
                share(key + ".adoption", scheme.adoption());
            }
            if (required(key + ".weight", scheme.weight()) && !(scheme.weight() > 0)) {
                problem(key + ".weight", "'" + scheme.weight() + "' is out of range; allowed: more than 0");
            }
            if (scheme.launch() != null && scheme.shutdown() != null && scheme.shutdown().isBefore(scheme.launch())) {
                problem(key + ".shutdown", "'" + scheme.shutdown() + "' is before launch " + scheme.launch() + "; allowed: on or after it");
            }
            required(key + ".method", scheme.method());
            if (required(key + ".funding", scheme.funding())) {
                checkFunding(key, scheme);
            }
            for (int i = 0; i < scheme.banks().size(); i++) {
                String bank = scheme.banks().get(i);
                OperatorSpec operator = scenario.operator(bank);
                if (operator == null || operator.kind() != OperatorKind.BANK) {
                    problem(key + ".banks." + i, "'" + bank + "' is not a bank operator id; known banks: "
                            + String.join(", ", scenario.population() == null ? List.of() : scenario.population().banks().keySet()));
                }
            }
            if (scheme.network() != null) {
                operatorRef(key + ".network", scheme.network());
            }
            if (scheme.logFormat() != null) {
                if (hasKind && scheme.kind() == SchemeKind.CASH) {
                    problem(key + ".logFormat", "cash has no payment log; its purchases are in the chains' POS logs");
                } else if (!SchemeSpec.LOG_FORMATS.contains(scheme.logFormat())) {
                    problem(key + ".logFormat", "'" + scheme.logFormat() + "' is not a payment log format; allowed: "
                            + String.join(", ", SchemeSpec.LOG_FORMATS));
                }
            }
            if (scheme.rampDays() < 0) {
                problem(key + ".rampDays", "'" + scheme.rampDays() + "' is out of range; allowed: 0 or more");
            }
            checkEvents(key + ".events", entry.getKey(), scheme);
            payableEverywhere |= scheme.kind() == SchemeKind.CASH && scheme.acceptedAt().isEmpty() && scheme.banks().isEmpty()
                    && Double.valueOf(1.0).equals(scheme.adoption()) && scheme.launch() == null && scheme.shutdown() == null;
        }
        if (!scenario.schemes().isEmpty() && !payableEverywhere) {
            problem("schemes", "needs a scheme of kind cash with adoption 1, accepted everywhere, without launch or shutdown, so that every purchase can be paid");
        }
    }

    private void checkFunding(String key, SchemeSpec scheme) {
        if (scheme.funding() == Funding.TOPUP) {
            required(key + ".topupFrom", scheme.topupFrom());
            if (required(key + ".topupYen", scheme.topupYen()) && scheme.topupYen() < 1) {
                problem(key + ".topupYen", "'" + scheme.topupYen() + "' is out of range; allowed: 1 yen or more");
            }
        } else if (scheme.topupFrom() != null || scheme.topupYen() != null) {
            problem(key + ".topupFrom", "only schemes with funding: topup take topupFrom and topupYen");
        }
        if ((scheme.kind() == SchemeKind.CASH) != (scheme.funding() == Funding.CASH)) {
            problem(key + ".funding", "'" + scheme.funding().id() + "' does not fit kind " + scheme.kind().id()
                    + "; cash schemes and only they are funded by cash");
        }
    }

    private void checkEvents(String key, String schemeId, SchemeSpec scheme) {
        SchemeEvents events = scheme.events();
        SchemeEvents.Breach breach = events.breach();
        if (breach != null) {
            boolean hasStart = required(key + ".breach.start", breach.start());
            if (required(key + ".breach.end", breach.end()) && hasStart && breach.end().isBefore(breach.start())) {
                problem(key + ".breach.end", "'" + breach.end() + "' is before breach.start " + breach.start() + "; allowed: on or after it");
            }
            if (required(key + ".breach.victimShare", breach.victimShare())) {
                share(key + ".breach.victimShare", breach.victimShare());
            }
            if (required(key + ".breach.damagePerVictimYen", breach.damagePerVictimYen()) && breach.damagePerVictimYen() < 1) {
                problem(key + ".breach.damagePerVictimYen", "'" + breach.damagePerVictimYen() + "' is out of range; allowed: 1 yen or more");
            }
        }
        if (events.topupFreeze() != null && scheme.funding() != Funding.TOPUP) {
            problem(key + ".topupFreeze", "only schemes with funding: topup can have their top-ups frozen");
        }
        if (!events.migration().isEmpty() && scheme.shutdown() == null) {
            problem(key + ".migration", "a migration needs the scheme's shutdown date");
        }
        double migrating = 0;
        for (Map.Entry<String, Double> target : events.migration().entrySet()) {
            String targetKey = key + ".migration." + target.getKey();
            if (!scenario.schemes().containsKey(target.getKey()) || target.getKey().equals(schemeId)) {
                problem(targetKey, "'" + target.getKey() + "' is not another scheme's id; known: " + String.join(", ", scenario.schemes().keySet()));
            }
            if (required(targetKey, target.getValue())) {
                share(targetKey, target.getValue());
                migrating += target.getValue();
            }
        }
        if (migrating > 1 + SUM_TOLERANCE) {
            problem(key + ".migration", "shares add up to " + migrating + "; they must add up to at most 1");
        }
    }

    private void checkLoyalty() {
        scenario.loyalty().forEach((id, programme) -> {
            String key = "loyalty." + id;
            idShape(key, id);
            if (!required(key, programme)) {
                return;
            }
            if (programme.name() == null || programme.name().isBlank()) {
                problem(key + ".name", "missing; give the programme's display name");
            }
            if (required(key + ".operator", programme.operator())) {
                operatorRef(key + ".operator", programme.operator());
            }
            for (int i = 0; i < programme.acceptedAt().size(); i++) {
                if (!scenario.chains().containsKey(programme.acceptedAt().get(i))) {
                    problem(key + ".acceptedAt." + i, "'" + programme.acceptedAt().get(i) + "' is not a chain id; known: "
                            + String.join(", ", scenario.chains().keySet()));
                }
            }
            if (required(key + ".adoption", programme.adoption())) {
                share(key + ".adoption", programme.adoption());
            }
            if (required(key + ".scanRate", programme.scanRate())) {
                share(key + ".scanRate", programme.scanRate());
            }
        });
    }

    private void checkCalibration() {
        List<CalibrationTarget> targets = scenario.calibration();
        for (int i = 0; i < targets.size(); i++) {
            String key = "calibration." + i;
            CalibrationTarget target = targets.get(i);
            if (!required(key, target)) {
                continue;
            }
            required(key + ".name", target.name());
            required(key + ".target", target.target());
            required(key + ".source", target.source());
            if (!required(key + ".measure", target.measure())) {
                continue;
            }
            switch (target.measure()) {
                case METHOD_SHARE_OF_CASHLESS -> required(key + ".method", target.method());
                case SCHEME_SHARE_OF_METHOD, BREACH_VICTIMS_PER_USER, BREACH_DAMAGE_PER_VICTIM -> {
                    if (required(key + ".scheme", target.scheme()) && !scenario.schemes().containsKey(target.scheme())) {
                        problem(key + ".scheme", "'" + target.scheme() + "' is not a scheme id");
                    } else if (target.measure() != CalibrationTarget.Measure.SCHEME_SHARE_OF_METHOD
                            && scenario.schemes().get(target.scheme()) != null
                            && scenario.schemes().get(target.scheme()).events().breach() == null) {
                        problem(key + ".scheme", "scheme '" + target.scheme() + "' has no breach");
                    }
                }
                case CHAIN_SHARE, MEAN_TICKET -> {
                    if (target.chains().isEmpty()) {
                        problem(key + ".chains", "missing; list the chain ids measured");
                    }
                    for (int c = 0; c < target.chains().size(); c++) {
                        if (!scenario.chains().containsKey(target.chains().get(c))) {
                            problem(key + ".chains." + c, "'" + target.chains().get(c) + "' is not a chain id");
                        }
                    }
                }
                case CASHLESS_SHARE -> {
                }
            }
        }
    }

    private void checkVisibility() {
        List<VisibilityRule> rules = scenario.visibility().rules();
        if (rules.isEmpty()) {
            problem("visibility.rules", "missing; without rules no operator sees anything");
        }
        for (int i = 0; i < rules.size(); i++) {
            String key = "visibility.rules." + i;
            VisibilityRule rule = rules.get(i);
            if (!required(key, rule)) {
                continue;
            }
            required(key + ".role", rule.role());
            required(key + ".linked", rule.linked());
            if (rule.fields().isEmpty()) {
                problem(key + ".fields", "missing; list what the observer sees, from: amount, time, merchant, basket");
            }
        }
    }

    private void checkAlliances() {
        Map<String, String> pooledIn = new java.util.HashMap<>();
        scenario.alliances().forEach((id, alliance) -> {
            String key = "alliances." + id;
            idShape(key, id);
            if (!required(key, alliance)) {
                return;
            }
            if (alliance.name() == null || alliance.name().isBlank()) {
                problem(key + ".name", "missing; give the alliance's display name");
            }
            if (scenario.operators().containsKey(id)) {
                problem(key, "'" + id + "' is an operator id too; an alliance needs an id of its own");
            }
            for (int i = 0; i < alliance.members().size(); i++) {
                operatorRef(key + ".members." + i, alliance.members().get(i));
            }
            if (new java.util.HashSet<>(alliance.members()).size() < 2) {
                problem(key + ".members", "needs at least two different operators");
            }
            if (alliance.pooled()) {
                for (String member : alliance.members()) {
                    String other = pooledIn.putIfAbsent(member, id);
                    if (other != null && !other.equals(id)) {
                        problem(key + ".pooled", "'" + member + "' is pooled in alliance '" + other
                                + "' already; an operator can be pooled into one alliance only");
                    }
                }
            }
        });
    }

    private void checkMeasures() {
        Unicity unicity = scenario.measures().unicity();
        if (unicity.sampleSize() < 1 || unicity.sampleSize() > 1_000_000) {
            problem("measures.unicity.sampleSize", "'" + unicity.sampleSize() + "' is out of range; allowed: 1 to 1000000");
        }
        if (unicity.maxPoints() < 1 || unicity.maxPoints() > Unicity.MAX_POINTS) {
            problem("measures.unicity.maxPoints", "'" + unicity.maxPoints() + "' is out of range; allowed: 1 to " + Unicity.MAX_POINTS);
        }
        for (int i = 0; i < unicity.coarsenings().size(); i++) {
            Unicity.Coarsening coarsening = unicity.coarsenings().get(i);
            if (coarsening.priceBinYen() != null && coarsening.priceBinYen() < 1) {
                problem("measures.unicity.coarsenings." + i + ".priceBinYen", "'" + coarsening.priceBinYen()
                        + "' is out of range; allowed: 1 yen or more");
            }
        }
    }

    private void idShape(String key, String id) {
        if (!ID.matcher(id).matches()) {
            problem(key, "'" + id + "' is not a valid id; allowed: lower-case letters, digits and '-', starting with a letter or digit");
        }
    }

    private void operatorRef(String key, String id) {
        if (!scenario.operators().containsKey(id)) {
            problem(key, "'" + id + "' is not an operator id; known: " + String.join(", ", scenario.operators().keySet()));
        }
    }

    private void share(String key, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            problem(key, "'" + value + "' is out of range; allowed: 0 to 1");
        }
    }

    private void sumsToOne(String key, double sum) {
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            problem(key, "shares add up to " + sum + "; they must add up to 1");
        }
    }

    private boolean required(String key, Object value) {
        if (value == null) {
            problem(key, "missing; this key is required");
            return false;
        }
        return true;
    }

    private void problem(String key, String message) {
        problems.add(new Problem(key, message));
    }
}
