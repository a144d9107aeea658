// Core errors are enums that name the field and the rule they break; each lives beside its rule:
// `DateError` and `CalendarError` (Calendar/), `UPNError` and `CodeError` (Codes/), `CaseError` (Cases/),
// `ClockError` (Clocks/). The web layer maps them to HTTP 4xx, the CLI to a one-line reason and exit 1.

/// Any core error, as one line a person can act on.
public protocol CoreError: Error, CustomStringConvertible {}

extension DateError: CoreError {}
extension CalendarError: CoreError {}
extension UPNError: CoreError {}
extension CodeError: CoreError {}
extension CaseError: CoreError {}
extension ClockError: CoreError {}
