"""The Japanese recognizers, one file each, and the entity types they report.

Example:
    >>> "JP_MY_NUMBER" in ENTITY_TYPES
    True
"""

from __future__ import annotations

from gateway.detection.recognizers.address import AddressRecognizer
from gateway.detection.recognizers.age import AgeRecognizer
from gateway.detection.recognizers.bank_account import BankAccountRecognizer
from gateway.detection.recognizers.birth_date import BirthDateRecognizer
from gateway.detection.recognizers.care_insurance_number import CareInsuranceNumberRecognizer
from gateway.detection.recognizers.corporate_number import CorporateNumberRecognizer
from gateway.detection.recognizers.credit_card import CreditCardRecognizer
from gateway.detection.recognizers.driver_license import DriverLicenseRecognizer
from gateway.detection.recognizers.email_address import EmailAddressRecognizer
from gateway.detection.recognizers.health_insurance_card import HealthInsuranceCardRecognizer
from gateway.detection.recognizers.health_insurer_number import HealthInsurerNumberRecognizer
from gateway.detection.recognizers.my_number import MyNumberRecognizer
from gateway.detection.recognizers.name_reading import NameReadingRecognizer
from gateway.detection.recognizers.passport import PassportRecognizer
from gateway.detection.recognizers.pattern_recognizer import JaPatternRecognizer
from gateway.detection.recognizers.pension_number import PensionNumberRecognizer
from gateway.detection.recognizers.person_name import PersonNameRecognizer
from gateway.detection.recognizers.phone_number import PhoneNumberRecognizer
from gateway.detection.recognizers.residence_card import ResidenceCardRecognizer
from gateway.detection.recognizers.sensitive_crime import SensitiveCrimeRecognizer
from gateway.detection.recognizers.sensitive_disability import SensitiveDisabilityRecognizer
from gateway.detection.recognizers.sensitive_dv import SensitiveDvRecognizer
from gateway.detection.recognizers.sensitive_health import SensitiveHealthRecognizer
from gateway.detection.recognizers.sensitive_welfare import SensitiveWelfareRecognizer

__all__ = ["ENTITY_TYPES", "RECOGNIZERS", "JaPatternRecognizer"]

RECOGNIZERS: tuple[type[JaPatternRecognizer], ...] = (
    PersonNameRecognizer,
    NameReadingRecognizer,
    AddressRecognizer,
    PhoneNumberRecognizer,
    EmailAddressRecognizer,
    MyNumberRecognizer,
    CorporateNumberRecognizer,
    BirthDateRecognizer,
    AgeRecognizer,
    BankAccountRecognizer,
    CreditCardRecognizer,
    HealthInsurerNumberRecognizer,
    HealthInsuranceCardRecognizer,
    CareInsuranceNumberRecognizer,
    PensionNumberRecognizer,
    DriverLicenseRecognizer,
    PassportRecognizer,
    ResidenceCardRecognizer,
    SensitiveWelfareRecognizer,
    SensitiveDisabilityRecognizer,
    SensitiveHealthRecognizer,
    SensitiveCrimeRecognizer,
    SensitiveDvRecognizer,
)

# Every entity type the built-in recognizers report, in policy order.
ENTITY_TYPES: tuple[str, ...] = (
    "PERSON",
    "JP_ADDRESS",
    "JP_PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "JP_MY_NUMBER",
    "JP_CORPORATE_NUMBER",
    "JP_BIRTH_DATE",
    "JP_AGE",
    "JP_BANK_ACCOUNT",
    "CREDIT_CARD",
    "JP_HEALTH_INSURANCE_NUMBER",
    "JP_CARE_INSURANCE_NUMBER",
    "JP_PENSION_NUMBER",
    "JP_DRIVER_LICENSE",
    "JP_PASSPORT",
    "JP_RESIDENCE_CARD",
    "JP_SENSITIVE_WELFARE",
    "JP_SENSITIVE_DISABILITY",
    "JP_SENSITIVE_HEALTH",
    "JP_SENSITIVE_CRIME",
    "JP_SENSITIVE_DV",
)
