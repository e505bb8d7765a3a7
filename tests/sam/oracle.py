"""NREL SAM's utility-rate module (PySAM `Utilityrate5`) as the oracle of gridcore's URDB
annual bills: a URDB rate goes through PySAM's own importer
(`UtilityRateTools.URDBv8_to_ElectricityRates`), the load is set with zero generation, and
the year-1 monthly charges without a system come back as floats."""

import copy

import PySAM
import PySAM.UtilityRateTools as rate_tools
import PySAM.Utilityrate5 as utilityrate5

VERSION = PySAM.__version__

OUTPUTS = {
    "energy": "year1_monthly_ec_charge_without_system",
    "demand_flat": "year1_monthly_dc_fixed_without_system",
    "demand_tou": "year1_monthly_dc_tou_without_system",
    "fixed": "year1_monthly_fixed_without_system",
    "minimum": "year1_monthly_minimum_without_system",
    "total": "year1_monthly_utility_bill_wo_sys",
}

METERING = {"proportional": 0, "chronological": 2}


def model(urdb, load_kwh, allocation=None):
    """A Utilityrate5 model with every input set: `execute()` is all that is left."""
    m = utilityrate5.new()
    rates = rate_tools.URDBv8_to_ElectricityRates(copy.deepcopy(urdb))
    for key, value in rates.items():
        m.ElectricityRates.__setattr__(key, value)
    if allocation is not None:
        m.ElectricityRates.ur_metering_option = METERING[allocation]
    m.ElectricityRates.en_electricity_rates = 1
    m.Lifetime.analysis_period = 1
    m.Lifetime.inflation_rate = 0
    m.Lifetime.system_use_lifetime_output = 0
    m.SystemOutput.gen = [0.0] * len(load_kwh)
    m.SystemOutput.degradation = [0]
    m.Load.load = [float(x) for x in load_kwh]
    return m


def monthly(urdb, load_kwh, allocation=None):
    """SAM's year-1 monthly charges: {"energy": [12 floats], "demand": …, "fixed", "minimum", "total"}."""
    m = model(urdb, load_kwh, allocation)
    m.execute(0)
    out = {name: list(m.Outputs.export()[key]) for name, key in OUTPUTS.items()}
    out["demand"] = [a + b for a, b in zip(out.pop("demand_flat"), out.pop("demand_tou"))]
    return out


COMPONENTS = ["energy", "demand", "fixed", "minimum", "total"]


def differences(sam, bill, tolerance=1e-6):
    """Where gridcore's unrounded monthly figures (a bill's JSON as a dict) and SAM's
    differ by more than `tolerance` dollars: [(month, component, gridcore, sam), …]."""
    out = []
    for i, month in enumerate(bill["months"]):
        for c in COMPONENTS:
            ours = float(month[c])
            if abs(ours - sam[c][i]) > tolerance:
                out.append((i + 1, c, month[c], sam[c][i]))
    return out
