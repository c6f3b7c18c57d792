// Helpers shared by the QTest suites.
#pragma once
